import OutfallModel

/// One rule of the siting check: where it applies, how severe a breach is, and the legal
/// basis, each citation marked confirmed or not. Rules are data (see ``SitingRuleSet``);
/// nothing here knows any particular law.
///
/// Immutable and shared: every finding refers to its rule, and screening 100,000 outfalls
/// makes hundreds of thousands of findings — a reference instead of a copy of the texts.
public final class SitingRule: Hashable, Sendable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let condition: SitingCondition
    /// Types the rule does not apply to (e.g. urban WWTP outfalls for the attainment rule).
    public let exceptTypes: Set<OutfallType>
    /// The rule binds new outfalls only ("不得新建排污口").
    public let newOnly: Bool
    /// For a new-only rule, what an existing outfall gets instead (nil: nothing).
    public let existingSeverity: Severity?
    public let existingNote: String?
    public let citations: [Citation]
    /// Which authority to consult, when the rule asks for another authority's view.
    public let authority: String?
    /// What to do next.
    public let action: String?

    public static func == (a: SitingRule, b: SitingRule) -> Bool {
        a === b || (a.id == b.id && a.title == b.title && a.severity == b.severity && a.condition == b.condition
            && a.exceptTypes == b.exceptTypes && a.newOnly == b.newOnly && a.existingSeverity == b.existingSeverity
            && a.existingNote == b.existingNote && a.citations == b.citations && a.authority == b.authority && a.action == b.action)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    public init(
        id: String, title: String, severity: Severity, condition: SitingCondition, exceptTypes: Set<OutfallType> = [],
        newOnly: Bool = false, existingSeverity: Severity? = nil, existingNote: String? = nil, citations: [Citation],
        authority: String? = nil, action: String? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.condition = condition
        self.exceptTypes = exceptTypes
        self.newOnly = newOnly
        self.existingSeverity = existingSeverity
        self.existingNote = existingNote
        self.citations = citations
        self.authority = authority
        self.action = action
        self.basis = citations.map(\.text).joined(separator: "；")
        self.basisConfirmed = citations.allSatisfy(\.confirmed)
    }

    /// "《中华人民共和国水污染防治法》第六十四条；…", unconfirmed citations marked 〔条款待核实〕.
    public let basis: String

    /// Whether every citation has been confirmed.
    public let basisConfirmed: Bool

    /// The severity for an outfall that is new (proposed, or being checked) or existing;
    /// nil when the rule does not apply.
    public func severity(isNew: Bool, type: OutfallType?) -> Severity? {
        if let type, exceptTypes.contains(type) { return nil }
        if newOnly && !isNew { return existingSeverity }
        return severity
    }
}

/// A legal citation.
public struct Citation: Hashable, Sendable {
    /// The instrument, e.g. "中华人民共和国水污染防治法", "GB 8978-1996".
    public var law: String
    /// The article or clause, e.g. "第六十四条", "4.1.1".
    public var article: String?
    /// Whether the article number has been checked against the official text.
    public var confirmed: Bool
    public var note: String?

    public init(law: String, article: String? = nil, confirmed: Bool, note: String? = nil) {
        self.law = law
        self.article = article
        self.confirmed = confirmed
        self.note = note
    }

    public var text: String {
        // Statutes are cited in 《》; standards, documents and county practice as they are named.
        let name = law.hasPrefix("中华人民共和国") ? "《\(law)》" : law
        return name + (article ?? "") + (confirmed ? "" : "〔条款待核实〕")
    }
}

/// Where a rule applies.
public indirect enum SitingCondition: Hashable, Sendable {
    /// Inside (boundary included) a zone matching the filter.
    case insideZone(ZoneFilter, at: Place)
    /// Outside but within `metres` of a zone matching the filter.
    case nearZone(ZoneFilter, metres: Double)
    /// In a water-function zone with one of these target classes and/or this attainment.
    case waterFunction(targetClasses: Set<WaterClass>?, attains: Bool?, at: Place)
    /// Within `metres` of network distance upstream of a feature of `target`.
    case upstreamOf(UpstreamTarget, metres: Double)
    case all([SitingCondition])
    case any([SitingCondition])

    /// The largest distance any part of the condition looks at (for spatial queries).
    var reach: Double {
        switch self {
        case .nearZone(_, let m): m
        case .all(let cs), .any(let cs): cs.map(\.reach).max() ?? 0
        default: 0
        }
    }
}

/// Which point of an outfall a zone test is made at.
public enum Place: String, Hashable, Sendable {
    /// The outfall's own coordinates.
    case outfall
    /// Where it meets the river: its snapped point on the centreline.
    case receivingWater = "receiving_water"
    /// Either: the cautious choice for prohibitions.
    case either
}

public struct ZoneFilter: Hashable, Sendable {
    public let kinds: Set<ZoneKind>
    /// Accepted levels; nil accepts any.
    public let levels: [ZoneLevel]?
    /// `kinds` as bits: tested for every zone near every outfall, where hashing the kind's
    /// name would dominate.
    private let kindBits: UInt64

    public init(kinds: Set<ZoneKind>, levels: [ZoneLevel]? = nil) {
        self.kinds = kinds
        self.levels = levels
        kindBits = kinds.reduce(0) { $0 | Self.bit($1) }
    }

    public func matches(_ zone: Zone) -> Bool {
        matches(kind: zone.kind, level: zone.level)
    }

    public func matches(kind: ZoneKind, level: ZoneLevel?) -> Bool {
        guard kindBits & Self.bit(kind) != 0 else { return false }
        guard let levels else { return true }
        guard let level else { return false }
        return levels.contains { $0 == level || $0.label == level.label || $0.rawValue == level.rawValue }
    }
}

extension ZoneFilter {
    static func bit(_ kind: ZoneKind) -> UInt64 {
        let position: Int =
            switch kind {
            case .drinkingWater: 0
            case .natureReserve: 1
            case .scenicWater: 2
            case .fisheryWater: 3
            case .specialWater: 4
            case .waterFunction: 5
            case .riverManagement: 6
            case .navigation: 7
            }
        return 1 << position
    }
}

public enum UpstreamTarget: Hashable, Sendable {
    case intakes
    case sections(Set<SectionKind>)
}
