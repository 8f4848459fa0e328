import JSON
import OutfallModel

extension LayerSummary {
    /// The layer's count and every import's provenance, as `layers --format json` gives them.
    public var json: JSONValue {
        .object(JSONObject([
            ("layer", .string(layer.rawValue)),
            ("name", .string(layer.chineseName)),
            ("count", .number(Double(count))),
            ("schematic", .bool(isSchematic)),
            ("sources", .array(sources.map { s in
                .object(JSONObject([
                    ("file", .string(s.fileName)), ("sha256", .string(s.fileSHA256)), ("format", .string(s.fileFormat)),
                    ("crs", .string(s.crs)), ("encoding", s.encoding.map(JSONValue.string) ?? .null),
                    ("features", .number(Double(s.featureCount))), ("added", .number(Double(s.added))),
                    ("updated", .number(Double(s.updated))), ("unchanged", .number(Double(s.unchanged))),
                    ("imported_at", .string(s.importedAt)), ("imported_by", .string(s.importedBy)),
                    ("source", s.provenance.map(JSONValue.string) ?? .null), ("licence", s.licence.map(JSONValue.string) ?? .null),
                    ("accuracy", s.accuracy.map(JSONValue.string) ?? .null), ("schematic", .bool(s.schematic)),
                    ("notices", .array(s.warnings.map(JSONValue.string))),
                ]))
            })),
        ]))
    }
}
