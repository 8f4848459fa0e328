import GeoKit
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
