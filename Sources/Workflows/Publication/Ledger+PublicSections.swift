import Supervision

extension Ledger {
    /// HOOK for the workflows whose results the public site publishes per outfall:
    /// - `.approvals`: the applications workflow returns the outfall's published 审批 decisions
    ///   and 登记 registrations (state 已公开);
    /// - `.inspections`: the inspections workflow returns the outfall's published 双随机 results.
    /// Each returns organisations and dates only (never an inspector's or applicant contact's
    /// name or phone), newest first.
    func publicEntries(_ section: PublicField, outfallID: Int64) throws(LedgerError) -> [PublicEntry] {
        switch section {
        case .approvals:
            return try publishedApplications()
                .filter { $0.outfallID == outfallID }
                .map { a in
                    PublicEntry(
                        date: a.decision?.decidedOn ?? a.registration?.on ?? a.publication?.on ?? "",
                        title: "\(a.kind.label)排污口\(a.track.label)：\(a.publicResult)",
                        detail: "申请单位 \(a.publicApplicant)" + (a.publication.map { "，\($0.on) 公开" } ?? ""))
                }
                .sorted { $0.date > $1.date }
        case .inspections:
            let results = try inspectionResults()
            return try inspectionDraws()
                .filter { $0.state == .published && $0.picks.contains { $0.outfallID == outfallID } }
                .map { draw in
                    let found = results.filter { $0.drawID == draw.id && $0.outfallID == outfallID }
                    let detail = found.isEmpty
                        ? "尚未录入检查结果"
                        : found.map { "\($0.date) \($0.problem ? "发现问题" : "未发现问题")：\($0.finding)" }.joined(separator: "；")
                    return PublicEntry(
                        date: ChinaTime.date(draw.publishedAt ?? draw.drawnAt) ?? "", title: "双随机抽查：\(draw.title)", detail: detail)
                }
                .sorted { $0.date > $1.date }
        case .name, .code, .type, .location, .receivingWater, .responsibleUnit, .dischargeStandard, .supervisionPhone, .remediationState:
            return []
        }
    }
}
