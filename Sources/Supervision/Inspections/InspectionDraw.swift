/// One 双随机 draw (双随机一公开): the seed, the two registers exactly as they were when it
/// was drawn (so anyone can recompute it — docs/inspections.md gives the algorithm), the
/// weights, the conflicts that kept inspectors off objects, and what was drawn.
public struct InspectionDraw: LedgerEntity {
    public static let kind = EntityKind(rawValue: "inspection.draw")

    public var id: Int64?
    /// 抽查任务名称, e.g. "2026年第四季度入河排污口双随机抽查".
    public var title: String
    public var seed: String
    /// The algorithm's name and version (``DrawAlgorithm/scheme``).
    public var scheme: String
    public var parameters: DrawParameters
    /// 检查对象名录, by id.
    public var objects: [DrawObject]
    /// 执法检查人员名录, by username.
    public var inspectors: [DrawInspector]
    /// Inspector–object pairs kept apart (own township, linked unit).
    public var exclusions: [DrawExclusion]
    /// What was drawn, in draw order.
    public var picks: [DrawPick]
    public var state: DrawState
    /// UTC ISO 8601.
    public var drawnAt: String
    public var drawnBy: String
    public var publishedAt: String?
    public var voidReason: String?

    public init(
        id: Int64? = nil, title: String, seed: String, scheme: String = DrawAlgorithm.scheme, parameters: DrawParameters,
        objects: [DrawObject], inspectors: [DrawInspector], exclusions: [DrawExclusion], picks: [DrawPick],
        state: DrawState = .drawn, drawnAt: String, drawnBy: String, publishedAt: String? = nil, voidReason: String? = nil
    ) {
        self.id = id
        self.title = title
        self.seed = seed
        self.scheme = scheme
        self.parameters = parameters
        self.objects = objects
        self.inspectors = inspectors
        self.exclusions = exclusions
        self.picks = picks
        self.state = state
        self.drawnAt = drawnAt
        self.drawnBy = drawnBy
        self.publishedAt = publishedAt
        self.voidReason = voidReason
    }

    public func pick(outfallID: Int64) -> DrawPick? { picks.first { $0.outfallID == outfallID } }
}

/// How many to draw and from what.
public struct DrawParameters: Codable, Sendable, Equatable {
    /// A number of objects, or a percentage of the register (rounded up).
    public var objectCount: Int?
    public var objectPercent: Int?
    public var inspectorsPerObject: Int
    /// Outfall types (raw values) and states in the register; empty states = every state but removed.
    public var types: [String]
    public var statuses: [String]
    /// Risk factor → weight (≥ 1); an object's weight is the largest of its factors' (1 without any).
    public var weights: [String: Double]

    public init(objectCount: Int?, objectPercent: Int?, inspectorsPerObject: Int, types: [String], statuses: [String], weights: [String: Double]) {
        self.objectCount = objectCount
        self.objectPercent = objectPercent
        self.inspectorsPerObject = inspectorsPerObject
        self.types = types
        self.statuses = statuses
        self.weights = weights
    }

    /// How many objects a register of `size` gives.
    public func count(registerSize size: Int) -> Int {
        if let objectCount { return objectCount }
        let percent = objectPercent ?? 0
        return (size * percent + 99) / 100
    }
}

/// One entry of the object register as published.
public struct DrawObject: Codable, Sendable, Equatable {
    public var outfallID: Int64
    public var code: String
    public var name: String
    public var type: String
    /// 属地乡镇 (the township polygon covering the outfall).
    public var township: String
    /// The unit answering for it (organisation name), if known.
    public var unit: String?
    /// Risk factors that apply (``InspectionRiskFactor`` raw values) and the weight they give.
    public var factors: [String]
    public var weight: Double

    public init(outfallID: Int64, code: String, name: String, type: String, township: String, unit: String?, factors: [String] = [], weight: Double = 1) {
        self.outfallID = outfallID
        self.code = code
        self.name = name
        self.type = type
        self.township = township
        self.unit = unit
        self.factors = factors
        self.weight = weight
    }
}

/// One entry of the inspector register as published.
public struct DrawInspector: Codable, Sendable, Equatable {
    public var username: String
    /// "" for county staff (全县).
    public var township: String
    public var department: String?

    public init(username: String, township: String, department: String?) {
        self.username = username
        self.township = township
        self.department = department
    }
}

/// An inspector kept off an object, and why.
public struct DrawExclusion: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable {
        /// 本人所在乡镇
        case township
        /// 与排污单位有关联 (a conflicts list entry)
        case unit
    }

    public var outfallID: Int64
    public var username: String
    public var reason: Reason
    /// The unit behind a ``Reason/unit`` exclusion.
    public var unit: String?

    public init(outfallID: Int64, username: String, reason: Reason, unit: String? = nil) {
        self.outfallID = outfallID
        self.username = username
        self.reason = reason
        self.unit = unit
    }
}

/// One drawn object and the inspectors drawn for it.
public struct DrawPick: Codable, Sendable, Equatable {
    public var outfallID: Int64
    /// 1-based place in the draw.
    public var rank: Int
    /// The object's sort key (−ln(1−x)/w, see docs/inspections.md) and the hash behind it.
    public var key: Double
    public var hash: String
    public var inspectors: [String]

    public init(outfallID: Int64, rank: Int, key: Double, hash: String, inspectors: [String]) {
        self.outfallID = outfallID
        self.rank = rank
        self.key = key
        self.hash = hash
        self.inspectors = inspectors
    }
}

/// What makes an outfall high-risk for a weighted draw (国办发〔2015〕58号: more checks for
/// entities with complaints).
public enum InspectionRiskFactor: String, Codable, Sendable, CaseIterable {
    /// In the abnormal set (a confirmed stated reason, or a derived one not dismissed).
    case abnormal
    /// 投诉举报: a confirmed abnormal reason that came from a tip.
    case complaint
    /// 水质超标: a conclusive exceedance in its samples.
    case exceedance

    public var label: String {
        switch self {
        case .abnormal: "异常排污口"
        case .complaint: "有投诉举报"
        case .exceedance: "水质超标"
        }
    }
}
