import Supervision
import OutfallModel

/// Provenance of one import: what file, in what CRS, by whom, what it changed, and what
/// the data provider says about its licence and accuracy.
public struct SourceRecord: Hashable, Sendable {
    public var id: Int64?
    public var layer: LayerKind
    public var fileName: String
    public var fileSHA256: String
    public var fileFormat: String
    public var crs: String
    public var encoding: String?
    public var featureCount: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var importedAt: String
    public var importedBy: String
    public var provenance: String?
    public var licence: String?
    public var accuracy: String?
    /// The data is drawn for illustration, not surveyed.
    public var schematic: Bool
    /// Repairs and other notices reported during the import.
    public var warnings: [String]

    public init(
        layer: LayerKind, fileName: String, fileSHA256: String, fileFormat: String, crs: String,
        encoding: String? = nil, featureCount: Int, provenance: String? = nil, licence: String? = nil,
        accuracy: String? = nil, schematic: Bool = false, warnings: [String] = []
    ) {
        self.layer = layer
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.fileFormat = fileFormat
        self.crs = crs
        self.encoding = encoding
        self.featureCount = featureCount
        self.added = 0
        self.updated = 0
        self.unchanged = 0
        self.importedAt = ""
        self.importedBy = ""
        self.provenance = provenance
        self.licence = licence
        self.accuracy = accuracy
        self.schematic = schematic
        self.warnings = warnings
    }
}

/// What an import did.
public struct ImportSummary: Hashable, Sendable {
    public var sourceID: Int64
    public var added: Int
    public var updated: Int
    public var unchanged: Int
}

/// One event of the history as the registry's layer commands show it: who changed what,
/// when, field by field, and why. Read from the entity-keyed history (``HistoryEvent``),
/// which holds the layers' changes along with the ledger's.
public struct AuditEntry: Hashable, Sendable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    /// The layer table (`outfalls`, …), `users` or `siting_rules`.
    public var layer: String?
    public var featureID: Int64?
    public var changes: [FieldChange]
    public var note: String?
}
