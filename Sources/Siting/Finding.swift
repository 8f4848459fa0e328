import GeoKit
import OutfallModel

/// The feature a finding is about.
public struct FindingFeature: Hashable, Sendable {
    public var layer: LayerKind
    public var id: Int64?
    public var key: String
    public var name: String
    public var kind: String?
    public var level: String?
    /// Chinese kind and level, e.g. "饮用水水源保护区 一级保护区".
    public var label: String

    public init(layer: LayerKind, id: Int64?, key: String, name: String, kind: String?, level: String?, label: String) {
        self.layer = layer
        self.id = id
        self.key = key
        self.name = name
        self.kind = kind
        self.level = level
        self.label = label
    }
}

/// One rule that applies at a place, and why.
public struct Finding: Hashable, Sendable {
    public var rule: SitingRule
    /// The severity for this outfall (a new-only rule gives existing outfalls a lesser one).
    public var severity: Severity
    public var feature: FindingFeature
    /// 0 when inside; else the distance to the zone, or the network distance for river rules.
    public var distance: Double
    /// Extra explanation (e.g. the note for existing outfalls under a new-only rule).
    public var note: String?

    public init(rule: SitingRule, severity: Severity, feature: FindingFeature, distance: Double, note: String?) {
        self.rule = rule
        self.severity = severity
        self.feature = feature
        self.distance = distance
        self.note = note
    }
}

/// The result of checking one place: the most severe finding decides.
public struct SitingVerdict: Hashable, Sendable {
    public var verdict: Severity
    public var findings: [Finding]

    /// `findings` in rule-file order; they are listed most severe first, keeping that order
    /// within a severity.
    public init(findings: [Finding]) {
        self.findings = findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
        self.verdict = findings.map(\.severity).max() ?? .clear
    }
}
