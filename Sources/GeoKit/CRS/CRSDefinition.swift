import CPROJ
import Foundation

/// An EPSG CRS's name and WKT 1 definition as GIS files carry them (GeoPackage's
/// `gpkg_spatial_ref_sys`, a QGIS project's `<spatialrefsys>`).
///
/// Written by PROJ as WKT1_GDAL with the axes spelled out: the text GDAL's
/// `OSRExportToWkt` gives (GDAL 3 asks PROJ for it the same way), without loading GDAL's
/// ~130 libraries for a GeoPackage export — ~40 MiB of its peak memory and 0.2 s.
/// `CRSDefinitionTests` compares the two for the CRSs a Chinese county uses.
public struct CRSDefinition: Sendable, Equatable {
    public var epsg: Int
    public var name: String
    public var wkt: String

    public init(epsg: Int, context: PROJContext) throws(CRSError) {
        guard let crs = proj_create(context.handle, "EPSG:\(epsg)") else { throw .unknownEPSG(epsg, context.lastError()) }
        defer { proj_destroy(crs) }
        let text = withProjOptions(["MULTILINE=NO", "OUTPUT_AXIS=YES"]) { options in
            proj_as_wkt(context.handle, crs, PJ_WKT1_GDAL, options).map { String(cString: $0) }
        }
        guard let text else { throw .unknownEPSG(epsg, "PROJ 无法写出其 WKT：\(context.lastError())") }
        self.epsg = epsg
        wkt = text
        name = proj_get_name(crs).map { String(cString: $0) } ?? "EPSG:\(epsg)"
    }
}

/// PROJ's options: a NULL-terminated array of C strings, valid during `body`.
private func withProjOptions<T>(_ options: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
    let copies = options.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
