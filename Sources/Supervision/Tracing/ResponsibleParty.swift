/// The responsible party (责任主体) of an outfall, derived by rule from its latest trace —
/// never typed freely. (Minimal implementation for the dossier branch; the tracing branch
/// owns the full rules and its version replaces this file at merge.)
public struct ResponsibleParty: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case unit, sharedMain = "shared_main", government, undetermined
    }

    public var kind: Kind
    public var party: String?
    public var unitIDs: [Int64]
    public var reason: String
    public var basis: String

    public init(kind: Kind, party: String?, unitIDs: [Int64], reason: String, basis: String) {
        self.kind = kind
        self.party = party
        self.unitIDs = unitIDs
        self.reason = reason
        self.basis = basis
    }

    /// 谁污染谁治理: one unit traced → that unit; several → the main one (each unit's share
    /// belongs in its discharge permit); traced with none found → the county government
    /// (政府兜底); not traced → undetermined.
    public static func derive(traces: [Trace], units: [Int64: DischargingUnit], government: String) -> ResponsibleParty {
        let latest = traces.enumerated().max { ($0.element.tracedOn, $0.offset) < ($1.element.tracedOn, $1.offset) }?.element
        guard let latest else {
            return ResponsibleParty(kind: .undetermined, party: nil, unitIDs: [], reason: "暂无法确定，需进一步溯源", basis: "尚未溯源")
        }
        func name(_ id: Int64) -> String { units[id]?.name ?? "排污单位 \(id)" }
        switch latest.unitIDs.count {
        case 0:
            return ResponsibleParty(
                kind: .government, party: government, unitIDs: [],
                reason: "溯源未发现排污单位，由政府兜底（\(latest.tracedOn) 溯源）", basis: "桂政办发〔2022〕36号")
        case 1:
            let id = latest.unitIDs[0]
            return ResponsibleParty(
                kind: .unit, party: name(id), unitIDs: [id], reason: "溯源确定唯一排污单位（\(latest.tracedOn) 溯源）", basis: "谁污染谁治理（水污染防治法）")
        default:
            let main = latest.mainUnitID.flatMap { latest.unitIDs.contains($0) ? $0 : nil } ?? latest.unitIDs[0]
            return ResponsibleParty(
                kind: .sharedMain, party: name(main), unitIDs: latest.unitIDs,
                reason: "1口多源：\(latest.unitIDs.count) 个排污单位，主要责任主体为\(name(main))，各单位责任份额应在排污许可证中载明",
                basis: "排污许可管理条例")
        }
    }
}
