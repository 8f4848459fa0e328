import Foundation

/// An outfall's 责任主体, derived by rule from its traces — never typed freely (谁污染谁治理).
///
/// The latest trace (by date, then by entry) decides:
/// - one unit found → that unit (``Kind/unit``);
/// - several → the main unit, each unit's share to be recorded in its discharge permit
///   (``Kind/sharedMain``, 《排污许可管理条例》);
/// - none found after tracing → the county government, or the party it names
///   (``Kind/government``, 政府兜底, 桂政办发〔2022〕36号);
/// - no trace yet → ``Kind/undetermined`` (暂无法确定，需进一步溯源).
///
/// ## Topics
/// - Deriving: ``derive(traces:units:government:)``
/// - Comparing with a hand-entered value: ``disagreement(withEntered:units:)``
public struct ResponsibleParty: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case unit
        case sharedMain = "shared_main"
        case government
        case undetermined

        public var label: String {
            switch self {
            case .unit: "排污单位"
            case .sharedMain: "主要责任单位（多源）"
            case .government: "政府兜底"
            case .undetermined: "暂无法确定"
            }
        }
    }

    public var kind: Kind
    /// Who answers: the unit's or government's name; nil while undetermined.
    public var party: String?
    /// The units concerned: one, the main one first then the others, or none.
    public var unitIDs: [Int64]
    public var reason: String
    public var basis: String
    /// The trace that decided, if any.
    public var traceID: Int64?

    public init(kind: Kind, party: String?, unitIDs: [Int64], reason: String, basis: String, traceID: Int64? = nil) {
        self.kind = kind
        self.party = party
        self.unitIDs = unitIDs
        self.reason = reason
        self.basis = basis
        self.traceID = traceID
    }

    public static let basisPolluterPays = "谁污染谁治理：排污单位承担治理责任（柳城县入河排污口监督管理工作实施方案）"
    public static let basisPermit = "《排污许可管理条例》：多个排污单位共用排污口的，各自责任份额应在排污许可证中载明"
    public static let basisGovernment = "桂政办发〔2022〕36号：溯源后仍无法确定责任主体的，由属地县级人民政府兜底或指定责任主体"
    public static let basisUndetermined = "尚无溯源记录，责任主体暂无法确定（需开展溯源）"
    public static let undeterminedReason = "暂无法确定，需进一步溯源"

    /// The latest of `traces`: by `tracedOn`, then by id (entry order).
    public static func latest(_ traces: [Trace]) -> Trace? {
        traces.max { ($0.tracedOn, $0.id ?? 0) < ($1.tracedOn, $1.id ?? 0) }
    }

    /// The party by rule. `units` holds at least the units the traces name; a unit missing
    /// from it is shown by its number rather than dropped (fail closed: the rule still
    /// names a unit, and the missing record is visible).
    public static func derive(traces: [Trace], units: [Int64: DischargingUnit], government: String) -> ResponsibleParty {
        guard let trace = latest(traces) else {
            return ResponsibleParty(kind: .undetermined, party: nil, unitIDs: [], reason: undeterminedReason, basis: basisUndetermined)
        }
        func name(_ id: Int64) -> String { units[id]?.name ?? "排污单位 #\(id)（记录缺失）" }
        let traceText = "溯源记录 #\(trace.id.map(String.init) ?? "?")（\(trace.tracedOn)，\(trace.method.label)）"
        let found = trace.unitIDs
        switch found.count {
        case 0:
            return ResponsibleParty(
                kind: .government, party: government, unitIDs: [],
                reason: "\(traceText)未能查明排污单位，由\(government)兜底（政府兜底）", basis: basisGovernment, traceID: trace.id)
        case 1:
            return ResponsibleParty(
                kind: .unit, party: name(found[0]), unitIDs: found,
                reason: "\(traceText)查明 1 口对 1 源：\(name(found[0]))", basis: basisPolluterPays, traceID: trace.id)
        default:
            // A trace of several units without a main one cannot be stored (TraceRules); if
            // one is met anyway, the first unit found is taken and the reason says so.
            let main = trace.mainUnitID.flatMap { found.contains($0) ? $0 : nil }
            let chosen = main ?? found[0]
            let others = found.filter { $0 != chosen }
            let note = main == nil ? "（记录未指定主要责任单位，暂取第一个）" : ""
            return ResponsibleParty(
                kind: .sharedMain, party: name(chosen), unitIDs: [chosen] + others,
                reason: "\(traceText)查明 1 口对多源：主要责任单位 \(name(chosen))\(note)；其他排污单位 \(others.map(name).joined(separator: "、"))；各单位的责任份额应在其排污许可证中载明",
                basis: basisPermit, traceID: trace.id)
        }
    }

    /// Words that mean "not known yet" when typed as a 责任主体.
    static let placeholders: Set<String> = ["", "待查", "待定", "未确定", "暂无法确定", "暂无法确定，需进一步溯源", "不详", "无", "—", "-"]

    /// Why a hand-entered 责任主体 disagrees with this derived one, or nil when it agrees.
    /// A unit may be entered by name or by credit code; a placeholder ("待查") agrees only
    /// with an undetermined party.
    public func disagreement(withEntered entered: String, units: [Int64: DischargingUnit]) -> String? {
        let typed = Self.comparable(entered)
        let isPlaceholder = Self.placeholders.contains(typed)
        switch kind {
        case .undetermined:
            return isPlaceholder ? nil : "手填责任主体“\(entered)”，但尚无溯源记录可以确认 (entered party has no trace behind it)"
        case .government:
            if let party, Self.comparable(party) == typed { return nil }
            return "手填责任主体“\(entered)”，按规则应为\(party ?? "政府")（\(kind.label)）(entered party differs from the derived one)"
        case .unit, .sharedMain:
            guard let main = unitIDs.first else { return nil }
            let names = [units[main]?.name, units[main]?.creditCode, party].compactMap { $0 }.map(Self.comparable)
            if names.contains(typed) { return nil }
            return "手填责任主体“\(entered)”，按规则应为\(party ?? "排污单位 #\(main)")（\(kind.label)）(entered party differs from the derived one)"
        }
    }

    static func comparable(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace }).replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
    }
}
