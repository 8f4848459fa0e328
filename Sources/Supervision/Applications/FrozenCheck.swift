/// The siting check as it stood on one day, kept in the case: verdict, findings with their
/// legal basis, the rule file's version and the layers' versions. It never changes afterwards;
/// a re-check is a new, dated entry beside it.
public struct FrozenCheck: Codable, Sendable, Equatable {
    /// When it ran (UTC ISO 8601).
    public var checkedAt: String
    /// Who asked for it.
    public var checkedBy: String
    public var verdict: CheckVerdict
    public var findings: [FrozenFinding]
    public var rulesVersion: String
    public var rulesTitle: String
    /// The layer versions the check read (`rivers=3;zones=2;…`, from `layer_versions`).
    public var layerVersions: String
    public var township: String?
    /// The river the point snapped to, and how far away (m); nil when it did not snap.
    public var snappedRiver: String?
    public var snapDistanceM: Double?
    /// Whether a layer read was schematic sample data (the case must say so).
    public var usesSchematicData: Bool

    public init(
        checkedAt: String, checkedBy: String, verdict: CheckVerdict, findings: [FrozenFinding], rulesVersion: String, rulesTitle: String,
        layerVersions: String, township: String? = nil, snappedRiver: String? = nil, snapDistanceM: Double? = nil, usesSchematicData: Bool = false
    ) {
        self.checkedAt = checkedAt
        self.checkedBy = checkedBy
        self.verdict = verdict
        self.findings = findings
        self.rulesVersion = rulesVersion
        self.rulesTitle = rulesTitle
        self.layerVersions = layerVersions
        self.township = township
        self.snappedRiver = snappedRiver
        self.snapDistanceM = snapDistanceM
        self.usesSchematicData = usesSchematicData
    }

    /// The opinions this check calls for, each once, in a fixed order.
    public var consultationsNeeded: [ConsultingAuthority] {
        let wanted = Set(findings.compactMap(\.consultation))
        return ConsultingAuthority.allCases.filter(wanted.contains)
    }

    /// The legal basis of the prohibiting findings, for a refusal's message.
    public var prohibitedBasis: [String] {
        findings.filter { $0.severity == .prohibited }.map { "\($0.title)（\($0.basis)）" }
    }

    /// Findings that refuse a new, changed or enlarged outfall outright: the receiving water's
    /// function zone misses its target (the rule itself exempts urban WWTPs).
    public var blockingFindings: [FrozenFinding] { findings.filter(\.blocksNewOutfalls) }
}

/// One finding as frozen: the rule, its severity, the legal basis, the feature and distance.
public struct FrozenFinding: Codable, Sendable, Equatable {
    public var rule: String
    public var title: String
    public var severity: CheckVerdict
    public var basis: String
    public var basisConfirmed: Bool
    /// The feature, e.g. "饮用水水源保护区 一级保护区 柳城县城融江饮用水水源一级保护区（示意）".
    public var feature: String
    public var zoneKind: String?
    public var distanceM: Double
    public var authority: String?
    public var action: String?
    public var note: String?
    /// The opinion this finding calls for, if any (``ConsultingAuthority/needed(zoneKind:ruleAuthority:)``).
    public var consultation: ConsultingAuthority?
    /// A water-function zone that misses its target, on the receiving water.
    public var blocksNewOutfalls: Bool

    public init(
        rule: String, title: String, severity: CheckVerdict, basis: String, basisConfirmed: Bool, feature: String, zoneKind: String? = nil,
        distanceM: Double, authority: String? = nil, action: String? = nil, note: String? = nil, consultation: ConsultingAuthority? = nil,
        blocksNewOutfalls: Bool = false
    ) {
        self.rule = rule
        self.title = title
        self.severity = severity
        self.basis = basis
        self.basisConfirmed = basisConfirmed
        self.feature = feature
        self.zoneKind = zoneKind
        self.distanceM = distanceM
        self.authority = authority
        self.action = action
        self.note = note
        self.consultation = consultation
        self.blocksNewOutfalls = blocksNewOutfalls
    }
}
