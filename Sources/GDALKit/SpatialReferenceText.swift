import CGDAL

/// An EPSG CRS as GDAL describes it: its name and WKT 1 text. GeoPackages carry GeoKit's
/// `CRSDefinition` (PROJ's text, without loading GDAL); the tests hold it to this one.
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
