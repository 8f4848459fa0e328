import Accounts
import RegistryStore
import Supervision

/// Who is acting on remediation cases: the name the history records, the role that says what
/// they may do, and where they work. A department's staff (住建局, 水利局, 农业农村局, …) see and
/// advance their department's cases, a township's staff those in their township, an account
/// with both only cases matching both; the bureau (柳城生态环境局: no department, no township)
/// sees all.
public struct Acting: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var department: String?
    public var township: String?

    public init(name: String, role: Role, department: String? = nil, township: String? = nil) {
        self.name = name
        self.role = role
        self.department = department.flatMap { Self.normalised($0) }
        self.township = township.flatMap { Self.normalised($0) }
    }

    /// A signed-in account.
    public init(_ account: UserAccount) {
        self.init(name: account.username, role: account.role, department: account.department, township: account.township)
    }

    /// Whoever runs the command line on the database file without naming an account: they
    /// hold the file and could change it directly, so the ledger treats them as the bureau
    /// (county-wide, every permission) and records the name they give.
    public static func databaseOperator(_ name: String) -> Acting { Acting(name: name, role: .admin) }

    public var isCountyWide: Bool { department == nil && township == nil }

    /// "住建局 · 大埔镇", "全县" — how the scope is named in messages and on pages.
    public var scopeLabel: String {
        isCountyWide ? "全县" : [department, township].compactMap { $0 }.joined(separator: " · ")
    }

    /// Whether a case lies within this account's department and township. A case without a
    /// township (its outfall lies outside every township polygon) is the bureau's and the
    /// department's, never a township's.
    public func covers(department caseDepartment: String, township caseTownship: String?) -> Bool {
        if let department, department != Self.normalised(caseDepartment) { return false }
        if let township, township != caseTownship.flatMap({ Self.normalised($0) }) { return false }
        return true
    }

    public func covers(_ item: RemediationCase) -> Bool { covers(department: item.department, township: item.township) }

    /// Names compare without surrounding spaces; an empty name is no scope.
    static func normalised(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}

/// What each step of a case needs: field work moves it (start, submit for the check); the
/// county's check (县级预销号) and returning from it need `.preClose`; the close-out (销号) and
/// returning from county-closed need `.close`; reopening a closed case is the county's call
/// (`.preClose`). One exhaustive function, tested for every (event, state) pair.
public enum CaseAccess {
    public static func permission(for event: CaseEvent, from state: CaseState) -> Permission {
        switch event {
        case .start, .submitForCheck: .recordFieldWork
        case .countyClose, .reopen: .preClose
        case .close: .close
        case .return:
            switch state {
            case .countyClosed: .close
            case .pending, .inProgress, .awaitingCheck, .returned, .closed: .preClose
            }
        }
    }

    /// Opening a case is the bureau's planning work.
    public static let openPermission = Permission.editRegistry

    /// Why `acting` may not see `item`, or nil when they may.
    public static func refusalToSee(_ item: RemediationCase, by acting: Acting) -> String? {
        guard acting.role.can(.read) else { return "账号角色“\(acting.role.label)”不能查看整治案件" }
        guard acting.covers(item) else {
            return "案件属于\(item.department)\(item.township.map { " · \($0)" } ?? "")，不在账号 \(acting.name) 的范围（\(acting.scopeLabel)）内"
        }
        return nil
    }

    /// Why `acting` may not take `event` on `item`, or nil when they may (the state machine
    /// and the "nobody reviews their own work" rule still decide after this).
    public static func refusalToAct(_ event: CaseEvent, on item: RemediationCase, by acting: Acting) -> String? {
        if let refusal = refusalToSee(item, by: acting) { return refusal }
        let needed = permission(for: event, from: item.state)
        guard acting.role.can(needed) else {
            return "“\(event.label)”需要“\(needed.label)”权限，账号 \(acting.name) 的角色为“\(acting.role.label)”"
        }
        return nil
    }
}
