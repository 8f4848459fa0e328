import Accounts
import Registry
import RegistryStore
import Supervision

/// Remediation cases as an account may see them: its department's and township's only.
extension Ledger {
    /// The account named `name` as it acts on cases. A name that is no account is the
    /// database's operator (see ``Acting/databaseOperator(_:)``); a disabled account is refused.
    public func acting(_ name: String) throws(LedgerError) -> Acting {
        let account: UserAccount?
        do { account = try registry.users().first { $0.username == name } } catch { throw .storage("\(error)") }
        guard let account else { return .databaseOperator(name) }
        guard !account.disabled else { throw .forbidden(subject: "账号 \(name)", reason: "账号已停用 (account disabled)") }
        return Acting(account)
    }

    /// The cases `acting` may see, in id order.
    public func cases(visibleTo acting: Acting) throws(LedgerError) -> [RemediationCase] {
        guard acting.role.can(.read) else {
            throw .forbidden(subject: "整治案件", reason: "账号角色“\(acting.role.label)”不能查看整治案件")
        }
        return try entities(RemediationCase.self).filter(acting.covers)
    }

    /// One case, if `acting` may see it: 404 when there is none, 403 (saying whose it is)
    /// when it lies outside their department or township.
    public func remediationCase(_ id: Int64, visibleTo acting: Acting) throws(LedgerError) -> RemediationCase {
        guard let item = try entity(RemediationCase.self, id: id) else { throw .notFound(RemediationCase.kind, String(id)) }
        if let refusal = CaseAccess.refusalToSee(item, by: acting) { throw .forbidden(subject: "案件 #\(id)", reason: refusal) }
        return item
    }

    /// A case's history, if `acting` may see the case.
    public func caseHistory(_ id: Int64, visibleTo acting: Acting) throws(LedgerError) -> [HistoryEvent] {
        _ = try remediationCase(id, visibleTo: acting)
        return try history(of: EntityRef(RemediationCase.kind, id))
    }
}

extension Ledger {
    /// The half-yearly report, if `acting` may see all of it: the bureau any department's and
    /// the county summary; a department's account its own department's only; a township's
    /// account none (a department's report spans townships).
    public func departmentReport(
        department: String?, period: DepartmentReport.Period, asOf: String? = nil, by acting: Acting
    ) throws(LedgerError) -> DepartmentReport {
        guard acting.role.can(.read) else {
            throw .forbidden(subject: "半年报", reason: "账号角色“\(acting.role.label)”不能查看整治案件")
        }
        if !acting.isCountyWide {
            let wanted = department.flatMap { Acting.normalised($0) }
            guard acting.township == nil, let own = acting.department, wanted == own else {
                throw .forbidden(
                    subject: "半年报",
                    reason: "账号 \(acting.name) 的范围为\(acting.scopeLabel)，只能生成本部门的半年报"
                        + (acting.township != nil ? "（乡镇账号不能生成部门或全县报告，请向生态环境局索取）" : "（--department \(acting.department ?? "")）"))
            }
        }
        return try departmentReport(department: department, period: period, asOf: asOf)
    }
}
