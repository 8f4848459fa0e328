import GeoKit
import LayerFormats
import OutfallModel

/// One file to import into one layer, with what the person said about it.
public struct ImportRequest: Sendable {
    public var layer: LayerKind
    public var path: String
    /// The CRS of the coordinates; nil means what the file declares, else CGCS2000/WGS84 lon/lat.
    public var crs: CRS?
    /// Force a reader ("geojson", "csv"); nil picks by file ending.
    public var format: String?
    public var readOptions: ReadOptions
    /// Scope of feature ids for identity across re-imports; nil means the file's name.
    public var scope: String?
    public var provenance: Provenance
    /// Who is importing, for the audit log.
    public var actor: String

    public init(
        layer: LayerKind, path: String, crs: CRS? = nil, format: String? = nil, readOptions: ReadOptions = ReadOptions(),
        scope: String? = nil, provenance: Provenance = Provenance(), actor: String
    ) {
        self.layer = layer
        self.path = path
        self.crs = crs
        self.format = format
        self.readOptions = readOptions
        self.scope = scope
        self.provenance = provenance
        self.actor = actor
    }
}

/// What the data provider says about a file: where it comes from, its licence, its accuracy,
/// and whether it is schematic (drawn for illustration, not surveyed).
public struct Provenance: Hashable, Sendable {
    public var description: String?
    public var licence: String?
    public var accuracy: String?
    public var schematic: Bool

    public init(description: String? = nil, licence: String? = nil, accuracy: String? = nil, schematic: Bool = false) {
        self.description = description
        self.licence = licence
        self.accuracy = accuracy
        self.schematic = schematic
    }
}

/// What an import did.
public struct ImportReport: Sendable {
    public var layer: LayerKind
    public var fileName: String
    public var featureCount: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// Repairs and notices, each naming its feature.
    public var notices: [String]
    public var crs: CRS
    public var encoding: String?
}

/// One rejected feature.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public var position: FeaturePosition
    public var name: String?
    public var reason: String

    public var description: String {
        "\(position)\(name.map { "（\($0)）" } ?? "")：\(reason)"
    }
}
