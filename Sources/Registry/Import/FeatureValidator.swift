import GeoKit
import JSON
import LayerFormats
import OutfallModel

/// Turns a raw geometry into what the registry stores: structurally sound, of the layer's
/// type, converted to CGCS2000 lon/lat (keeping the original), inside the region, and — for
/// polygons — valid, repaired with MakeValid when it is not (the repair is reported).
struct FeatureValidator {
    let layer: LayerKind
    let region: Region
    let crs: CRS
    let converter: GeodeticConverter
    let geos: GEOSContext

    struct Prepared {
        var geometry: Geometry
        var origin: CoordinateOrigin
        /// What was repaired, when something was.
        var repair: String?
    }

    /// Refuses a property name or text value over ``ImportLimits``: names (`name` / `名称`)
    /// ≤ 200 characters, other texts ≤ 2,000. One oversized value would otherwise be stored
    /// and sent out with every page, list and export that shows the feature.
    func checkText(_ properties: JSONObject) throws(FeatureProblem) {
        for member in properties {
            let key = member.key
            if key.count > ImportLimits.propertyNameLength {
                throw .textTooLong(what: "属性名“\(Self.excerpt(key))”", length: key.count, limit: ImportLimits.propertyNameLength)
            }
            try checkText(member.value, property: key)
        }
    }

    private func checkText(_ value: JSONValue, property: String) throws(FeatureProblem) {
        switch value {
        case .string(let text):
            let limit = Self.nameProperties.contains(property) ? ImportLimits.nameLength : ImportLimits.textLength
            // Counting stops just past the limit: a 300 MiB string is not walked to its end.
            let length = text.prefix(limit + 1).count
            // The message gives the length in code points: counting characters of a huge text is slow.
            if length > limit { throw .textTooLong(what: "属性 \(property) ", length: text.unicodeScalars.count, limit: limit) }
        case .array(let items):
            for item in items { try checkText(item, property: property) }
        case .object(let object):
            for member in object { try checkText(member.value, property: property) }
        default:
            return
        }
    }

    static let nameProperties: Set<String> = ["name", "名称"]

    /// The start of a text too long to show whole in a message.
    static func excerpt(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    func prepare(_ raw: Geometry) throws(FeatureProblem) -> Prepared {
        if let problem = raw.structuralProblem() { throw .geometry(problem) }
        guard raw.family == layer.geometryFamily, !(layer.requiresSinglePoint && raw.point == nil) else {
            throw .wrongGeometryType(found: raw.typeName, layer: layer)
        }
        let geometry: Geometry
        do {
            geometry = try converter.toCGCS2000(raw, from: crs)
        } catch {
            throw .other("坐标转换失败：\(error)")
        }
        if let problem = geometry.structuralProblem() { throw .geometry(problem) }
        try checkRegion(geometry, raw: raw)
        let keepsOriginal = !(crs == .cgcs2000 || crs == .wgs84)
        let origin = CoordinateOrigin(crs: crs, originalGeometry: keepsOriginal ? raw : nil)
        guard geometry.family == .polygonal else { return Prepared(geometry: geometry, origin: origin) }
        return try repaired(geometry, origin: origin)
    }

    private func checkRegion(_ geometry: Geometry, raw: Geometry) throws(FeatureProblem) {
        if let point = geometry.point {
            if let problem = region.problem(with: point) {
                throw .outsideRegion(raw.point ?? point, problem)
            }
            return
        }
        // Lines and polygons may run past the region (a zone downstream, a long river);
        // only one lying wholly outside it is refused.
        guard let envelope = geometry.envelope, !envelope.intersects(region.envelope) else { return }
        let probe = geometry.coordinates.first ?? envelope.center
        throw .outsideRegion(probe, region.problem(with: probe) ?? .outside(regionName: region.name, envelope: region.envelope))
    }

    private func repaired(_ geometry: Geometry, origin: CoordinateOrigin) throws(FeatureProblem) -> Prepared {
        do {
            let g = try geos.geometry(geometry)
            if g.isValid { return Prepared(geometry: geometry, origin: origin) }
            let reason = g.validityReason
            let fixed = try g.makeValid()
            let value = try fixed.value()
            guard value.family == .polygonal, fixed.area > 0 else {
                throw FeatureProblem.unrepairable("\(reason)；修复后不再是面 (MakeValid gave \(value.typeName))")
            }
            return Prepared(geometry: value, origin: origin, repair: "多边形无效（\(reason)），已用 MakeValid 修复为 \(value.typeName)")
        } catch let problem as FeatureProblem {
            throw problem
        } catch {
            throw .unrepairable("\(error)")
        }
    }
}
