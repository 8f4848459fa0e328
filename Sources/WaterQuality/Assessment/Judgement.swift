/// One value judged against one standard's grade.
public struct Judgement: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        case within
        case exceeds
        /// No confirmed limit, a missing fact (water temperature, build date) that changes
        /// the answer, or a below-detection value whose limit is not known.
        case cannotJudge = "cannot_judge"

        public var label: String {
            switch self {
            case .within: "达标"
            case .exceeds: "超标"
            case .cannotJudge: "无法判定"
            }
        }
    }

    public var parameter: Parameter
    /// China-time day the value belongs to.
    public var day: String
    public var value: MeasuredValue
    public var sampleCount: Int
    public var standard: String
    public var grade: String?
    /// The limit the verdict rests on (for an exceedance the most lenient that could apply,
    /// for a pass the strictest).
    public var limit: Limit?
    public var verdict: Verdict
    /// (value − limit) / limit, for an exceedance of a maximum.
    public var exceedanceMultiple: Double?
    /// False for a spot sample under a standard judged on daily means: indicative only.
    public var conclusive: Bool
    /// How the value was formed and which rule judges it.
    public var basis: String
    /// Why it could not be judged, or a remark.
    public var reason: String?

    public var exceeds: Bool? {
        switch verdict {
        case .within: false
        case .exceeds: true
        case .cannotJudge: nil
        }
    }
}
