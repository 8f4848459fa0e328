import CGDAL

/// A layer of a ``VectorDataset``; keeps its dataset alive. The layer handle is owned by the
/// dataset and never freed here.
public struct VectorLayer {
    let dataset: VectorDataset
    let handle: UnsafeMutableRawPointer

    public var name: String { (gdal.pointee.OGR_L_GetName(handle).map { String(cString: $0) } ?? "") }

    /// False for attribute tables (a GeoPackage's `layer_styles`, a spreadsheet's sheets).
    public var hasGeometry: Bool { gdal.pointee.OGR_L_GetGeomType(handle) != wkbNone }

    public var fields: [FieldDefinition] {
        guard let definition = gdal.pointee.OGR_L_GetLayerDefn(handle) else { return [] }
        return (0..<gdal.pointee.OGR_FD_GetFieldCount(definition)).compactMap { i in
            guard let field = gdal.pointee.OGR_FD_GetFieldDefn(definition, i) else { return nil }
            let kind: FieldDefinition.Kind =
                switch gdal.pointee.OGR_Fld_GetType(field) {
                case OFTInteger, OFTInteger64: .integer
                case OFTReal: .real
                case OFTString: .string
                case OFTDate, OFTDateTime, OFTTime: .date
                default: .other
                }
            let name = gdal.pointee.OGR_Fld_GetNameRef(field)
            let raw = name.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) } ?? []
            return FieldDefinition(name: String(decoding: raw, as: UTF8.self), kind: kind, rawName: raw)
        }
    }

    /// The layer's CRS: its EPSG code when GDAL can identify one with confidence, and its WKT.
    public var crs: (epsg: Int?, wkt: String?) {
        guard let srs = gdal.pointee.OGR_L_GetSpatialRef(handle) else { return (nil, nil) }  // borrowed
        var wktPointer: UnsafeMutablePointer<CChar>?
        gdal.pointee.OSRExportToWkt(srs, &wktPointer)
        let wkt = wktPointer.map { String(cString: $0) }
        gdal.pointee.VSIFree(wktPointer)
        if let name = gdal.pointee.OSRGetAuthorityName(srs, nil), String(cString: name) == "EPSG", let code = gdal.pointee.OSRGetAuthorityCode(srs, nil) {
            return (Int(String(cString: code)), wkt)
        }
        // An ESRI .prj carries no authority: ask for the best match (confidence in percent).
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        guard let matches = gdal.pointee.OSRFindMatches(srs, nil, &count, &confidences) else { return (nil, wkt) }
        defer {
            gdal.pointee.OSRFreeSRSArray(matches)
            gdal.pointee.VSIFree(confidences)
        }
        for i in 0..<Int(count) {
            guard let confidence = confidences?[i], confidence >= 70, let match = matches[i],
                let name = gdal.pointee.OSRGetAuthorityName(match, nil), String(cString: name) == "EPSG",
                let code = gdal.pointee.OSRGetAuthorityCode(match, nil)
            else { continue }
            return (Int(String(cString: code)), wkt)
        }
        return (nil, wkt)
    }

    public var featureCount: Int { Int(gdal.pointee.OGR_L_GetFeatureCount(handle, 1)) }

    /// Calls `body` with every feature in turn; each is freed as soon as `body` returns.
    public func forEachFeature(_ body: (FeatureView) throws -> Void) rethrows {
        gdal.pointee.OGR_L_ResetReading(handle)
        var number = 0
        while let feature = gdal.pointee.OGR_L_GetNextFeature(handle) {
            defer { gdal.pointee.OGR_F_Destroy(feature) }
            number += 1
            try body(FeatureView(handle: feature, number: number))
        }
    }

    func createField(_ field: FieldDefinition) throws(GDALError) {
        let type: OGRFieldType =
            switch field.kind {
            case .integer: OFTInteger64
            case .real: OFTReal
            case .string, .other: OFTString
            case .date: OFTString
            }
        guard let definition = gdal.pointee.OGR_Fld_Create(field.name, type) else { throw GDALLibrary.lastError("field \(field.name)") }
        defer { gdal.pointee.OGR_Fld_Destroy(definition) }
        if let width = field.width { gdal.pointee.OGR_Fld_SetWidth(definition, Int32(width)) }
        guard gdal.pointee.OGR_L_CreateField(handle, definition, 1) == OGRERR_NONE else { throw GDALLibrary.lastError("create field \(field.name)") }
    }

    /// Adds one feature: field values by position, geometry as ISO WKB.
    public func add(values: [FieldValue], wkb: [UInt8]?) throws(GDALError) {
        guard let definition = gdal.pointee.OGR_L_GetLayerDefn(handle), let feature = gdal.pointee.OGR_F_Create(definition) else {
            throw GDALLibrary.lastError("create feature")
        }
        defer { gdal.pointee.OGR_F_Destroy(feature) }
        for (i, value) in values.enumerated() {
            switch value {
            case .null: gdal.pointee.OGR_F_SetFieldNull(feature, Int32(i))
            case .integer(let n): gdal.pointee.OGR_F_SetFieldInteger64(feature, Int32(i), n)
            case .real(let d): gdal.pointee.OGR_F_SetFieldDouble(feature, Int32(i), d)
            case .string(let s): gdal.pointee.OGR_F_SetFieldString(feature, Int32(i), s)
            }
        }
        if let wkb {
            var geometry: OGRGeometryH?
            let made = wkb.withUnsafeBytes { bytes in gdal.pointee.OGR_G_CreateFromWkb(bytes.baseAddress, nil, &geometry, Int32(bytes.count)) }
            guard made == OGRERR_NONE, let geometry else { throw GDALLibrary.lastError("geometry") }
            gdal.pointee.OGR_F_SetGeometryDirectly(feature, geometry)  // the feature takes ownership
        }
        guard gdal.pointee.OGR_L_CreateFeature(handle, feature) == OGRERR_NONE else { throw GDALLibrary.lastError("write feature") }
    }
}

/// A value of a feature's field.
public enum FieldValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    /// Text; for a raw read (no recoding), the bytes as GDAL gave them.
    case string(String)
}

/// One feature while ``VectorLayer/forEachFeature(_:)`` holds it.
public struct FeatureView {
    let handle: UnsafeMutableRawPointer
    /// 1-based position in the layer.
    public let number: Int

    public var fid: Int64 { gdal.pointee.OGR_F_GetFID(handle) }

    /// The value of field `i`: numbers as numbers, text (and dates) as text, raw text bytes
    /// through `rawText` when the caller decodes them itself.
    public func value(_ i: Int, kind: FieldDefinition.Kind) -> FieldValue {
        let index = Int32(i)
        guard gdal.pointee.OGR_F_IsFieldSetAndNotNull(handle, index) != 0 else { return .null }
        switch kind {
        case .integer: return .integer(gdal.pointee.OGR_F_GetFieldAsInteger64(handle, index))
        case .real: return .real(gdal.pointee.OGR_F_GetFieldAsDouble(handle, index))
        default: return .string((gdal.pointee.OGR_F_GetFieldAsString(handle, index).map { String(cString: $0) } ?? ""))
        }
    }

    /// The bytes of field `i` as stored, for text whose encoding the caller works out.
    public func rawText(_ i: Int) -> [UInt8]? {
        let index = Int32(i)
        guard gdal.pointee.OGR_F_IsFieldSetAndNotNull(handle, index) != 0, let text = gdal.pointee.OGR_F_GetFieldAsString(handle, index) else { return nil }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
    }

    /// The geometry as 2D ISO WKB, or nil when the feature has none.
    public var wkb: [UInt8]? {
        guard let borrowed = gdal.pointee.OGR_F_GetGeometryRef(handle), let geometry = gdal.pointee.OGR_G_Clone(borrowed) else { return nil }
        defer { gdal.pointee.OGR_G_DestroyGeometry(geometry) }
        gdal.pointee.OGR_G_FlattenTo2D(geometry)
        let size = Int(gdal.pointee.OGR_G_WkbSize(geometry))
        guard size > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        let status = bytes.withUnsafeMutableBufferPointer { gdal.pointee.OGR_G_ExportToIsoWkb(geometry, wkbNDR, $0.baseAddress) }
        return status == OGRERR_NONE ? bytes : nil
    }
}
