import Supervision

extension Ledger {
    /// HOOK for the workflows whose results the public site publishes per outfall:
    /// - `.approvals`: the applications workflow returns the outfall's published 审批 decisions
    ///   and 登记 registrations (state 已公开);
    /// - `.inspections`: the inspections workflow returns the outfall's published 双随机 results.
    /// Each returns organisations and dates only (never an inspector's or applicant contact's
    /// name or phone), newest first. Until they are merged, both sections are empty.
    func publicEntries(_ section: PublicField, outfallID: Int64) throws(LedgerError) -> [PublicEntry] {
        switch section {
        case .approvals: return []
        case .inspections: return []
        case .name, .code, .type, .location, .receivingWater, .responsibleUnit, .dischargeStandard, .supervisionPhone, .remediationState:
            return []
        }
    }
}
