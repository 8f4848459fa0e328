import CGDAL

/// An EPSG CRS as GDAL describes it: its name and WKT 1 text, what a GeoPackage's
/// `gpkg_spatial_ref_sys` holds and GIS software reads back.
public struct SpatialReferenceText: Sendable {
    public var epsg: Int
    public var name: String
    public var wkt: String

    public init(epsg: Int) throws(GDALError) {
        _ = GDALLibrary.ready
        let srs = OSRNewSpatialReference(nil)
        defer { OSRRelease(srs) }
        guard OSRImportFromEPSG(srs, Int32(epsg)) == OGRERR_NONE else { throw GDALLibrary.lastError("EPSG:\(epsg)") }
        var wktPointer: UnsafeMutablePointer<CChar>?
        OSRExportToWkt(srs, &wktPointer)
        defer { VSIFree(wktPointer) }
        self.epsg = epsg
        wkt = wktPointer.map { String(cString: $0) } ?? ""
        name = OSRGetName(srs).map { String(cString: $0) } ?? "EPSG:\(epsg)"
    }
}
