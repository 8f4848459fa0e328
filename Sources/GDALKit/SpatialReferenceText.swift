import CGDAL

/// An EPSG CRS as GDAL describes it: its name and WKT 1 text, what a GeoPackage's
/// `gpkg_spatial_ref_sys` holds and GIS software reads back.
public struct SpatialReferenceText: Sendable {
    public var epsg: Int
    public var name: String
    public var wkt: String

    public init(epsg: Int) throws(GDALError) {
        try GDALLibrary.ready()
        let srs = gdal.pointee.OSRNewSpatialReference(nil)
        defer { gdal.pointee.OSRRelease(srs) }
        guard gdal.pointee.OSRImportFromEPSG(srs, Int32(epsg)) == OGRERR_NONE else { throw GDALLibrary.lastError("EPSG:\(epsg)") }
        var wktPointer: UnsafeMutablePointer<CChar>?
        gdal.pointee.OSRExportToWkt(srs, &wktPointer)
        defer { gdal.pointee.VSIFree(wktPointer) }
        self.epsg = epsg
        wkt = wktPointer.map { String(cString: $0) } ?? ""
        name = gdal.pointee.OSRGetName(srs).map { String(cString: $0) } ?? "EPSG:\(epsg)"
    }
}
