import Foundation
import CGDAL

/// A GDAL vector dataset (a Shapefile, a GeoPackage, a KML/KMZ file, a spreadsheet) opened
/// for reading or created for writing. The handle is closed exactly once, when this object
/// goes away; layers and features never outlive it.
///
/// ## Topics
/// - Reading: ``open(path:options:)``, ``layers``
/// - Writing: ``create(driver:path:options:)``, ``createLayer(name:geometry:epsg:fields:options:)``
public final class VectorDataset {
    let handle: UnsafeMutableRawPointer

    private init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    deinit {
        gdal.pointee.GDALClose(handle)
    }

    /// Opens a file read-only. `options` are the driver's open options (e.g. `ENCODING`).
    public static func open(path: String, options: [String: String] = [:], allowedDrivers: [String]? = nil) throws(GDALError) -> VectorDataset {
        try GDALLibrary.ready()
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        var drivers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for d in allowedDrivers ?? [] { drivers = gdal.pointee.CSLAddString(drivers, d) }
        defer { gdal.pointee.CSLDestroy(drivers) }
        let raw = GDALLibrary.withOptions(options) { list in
            gdal.pointee.GDALOpenEx(
                path, flags, UnsafeRawPointer(drivers)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self),
                UnsafeRawPointer(list)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self), nil)
        }
        guard let raw else { throw GDALLibrary.lastError("open \(path)") }
        return VectorDataset(handle: raw)
    }

    /// Runs `body` with GDAL configuration options set for this thread only. Some drivers
    /// take their options only that way (XLSX in GDAL 3.6), and read them lazily, so the whole
    /// reading happens inside.
    public static func withSettings<T>(_ settings: [String: String], _ body: () throws -> T) rethrows -> T {
        // Without GDAL there is nothing to configure; the reading inside fails to open instead.
        guard (try? GDALLibrary.ready()) != nil else { return try body() }
        for (key, value) in settings { gdal.pointee.CPLSetThreadLocalConfigOption(key, value) }
        defer { for key in settings.keys { gdal.pointee.CPLSetThreadLocalConfigOption(key, nil) } }
        return try body()
    }

    /// Creates a new file with a GDAL driver ("GPKG", "ESRI Shapefile").
    public static func create(driver name: String, path: String, options: [String: String] = [:]) throws(GDALError) -> VectorDataset {
        try GDALLibrary.ready()
        guard let driver = gdal.pointee.GDALGetDriverByName(name) else { throw GDALError(operation: "create", message: "no GDAL driver \(name)") }
        let raw = GDALLibrary.withOptions(options) { list in
            gdal.pointee.GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, list)
        }
        guard let raw else { throw GDALLibrary.lastError("create \(path)") }
        return VectorDataset(handle: raw)
    }

    public var driverName: String {
        guard let driver = gdal.pointee.GDALGetDatasetDriver(handle) else { return "" }
        return (gdal.pointee.GDALGetDriverShortName(driver).map { String(cString: $0) } ?? "")
    }

    public var layers: [VectorLayer] {
        let count = gdal.pointee.GDALDatasetGetLayerCount(handle)
        guard count > 0 else { return [] }
        return (0..<count).compactMap { i in
            gdal.pointee.GDALDatasetGetLayer(handle, i).map { VectorLayer(dataset: self, handle: $0) }
        }
    }

    /// Creates a layer with the given fields, in EPSG `epsg` (nil: no CRS).
    public func createLayer(
        name: String, geometry: GeometryKind, epsg: Int?, fields: [FieldDefinition], options: [String: String] = [:]
    ) throws(GDALError) -> VectorLayer {
        var srs: OGRSpatialReferenceH?
        if let epsg {
            srs = gdal.pointee.OSRNewSpatialReference(nil)
            gdal.pointee.OSRImportFromEPSG(srs, Int32(epsg))
            gdal.pointee.OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        }
        defer { if let srs { gdal.pointee.OSRRelease(srs) } }
        let raw = GDALLibrary.withOptions(options) { list in
            gdal.pointee.GDALDatasetCreateLayer(handle, name, srs, geometry.ogrType, list)
        }
        guard let raw else { throw GDALLibrary.lastError("create layer \(name)") }
        let layer = VectorLayer(dataset: self, handle: raw)
        for field in fields { try layer.createField(field) }
        return layer
    }
}

/// Geometry types the registry writes.
public enum GeometryKind: Sendable {
    /// `none`: a table without geometry (a GeoPackage attributes table).
    case point, lineString, polygon, multiPoint, multiLineString, multiPolygon, unknown, none

    var ogrType: OGRwkbGeometryType {
        switch self {
        case .point: wkbPoint
        case .lineString: wkbLineString
        case .polygon: wkbPolygon
        case .multiPoint: wkbMultiPoint
        case .multiLineString: wkbMultiLineString
        case .multiPolygon: wkbMultiPolygon
        case .unknown: wkbUnknown
        case .none: wkbNone
        }
    }
}

/// A field of a layer.
public struct FieldDefinition: Hashable, Sendable {
    public enum Kind: Sendable {
        case integer, real, string, date, other
    }

    public var name: String
    public var kind: Kind
    /// Width for string fields in formats that need one (dBase: at most 254).
    public var width: Int?
    /// The name's bytes as stored, for files whose encoding the caller works out.
    public var rawName: [UInt8]

    public init(name: String, kind: Kind, width: Int? = nil, rawName: [UInt8]? = nil) {
        self.name = name
        self.kind = kind
        self.width = width
        self.rawName = rawName ?? Array(name.utf8)
    }
}
