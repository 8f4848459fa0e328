import JSON
import LayerFormats
import OutfallModel

/// What the public may see (信息公开): the fields of each layer shown to visitors who are not
/// signed in, in the web UI and through the OGC API. Left out: who is responsible for an
/// outfall (for scattered outfalls often a private person) and every property a file brought
/// that the registry does not know (internal notes such as `说明`).
public enum Disclosure {
    public static func publicFields(_ layer: LayerKind) -> Set<String> {
        var fields: Set<String> = ["registry_key", "name", "schematic", "数据说明"]
        switch layer {
        case .outfalls:
            fields.formUnion([
                "type", "type_label", "category_label", "status", "status_label", "national_code", "local_code",
                "approval_track", "approval_track_label", "township", "river", "reach_id", "measure_m", "bank", "bank_label",
                "verdict", "verdict_label", "rules", "basis",
            ])
        case .zones: fields.formUnion(["kind", "kind_label", "level", "level_label", "target_class", "attains"])
        case .sections: fields.formUnion(["kind", "kind_label", "national_code", "river"])
        case .areas: fields.formUnion(["level", "level_label", "adcode"])
        case .rivers: fields.formUnion(["river", "reach_id", "river_code"])
        case .intakes: fields.formUnion(["river"])
        }
        return fields
    }

    /// The layer with only its public fields.
    public static func publicView(_ layer: ExportLayer) -> ExportLayer {
        let allowed = publicFields(layer.kind)
        let features = layer.features.map { feature in
            var trimmed = feature
            trimmed.properties = JSONObject(distinct: feature.properties.members.filter { allowed.contains($0.key) }.map { ($0.key, $0.value) })
            return trimmed
        }
        return ExportLayer(kind: layer.kind, features: features, schematic: layer.schematic)
    }

    /// The streamed layer with only its public fields.
    public static func publicView(_ layer: LayerStream) -> LayerStream {
        let allowed = publicFields(layer.kind)
        return layer.keepingFields { allowed.contains($0) }
    }
}
