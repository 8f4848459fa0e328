import GDALKit
import GeoKit
import Testing

/// GeoPackages carry PROJ's WKT now rather than GDAL's: it must be the text GDAL writes, or
/// QGIS and GDAL would see a CRS other than the one they see in their own files.
struct CRSDefinitionTests {
    /// WGS 84, CGCS2000 and its Gauss–Krüger zones (with and without zone prefix), Xian 1980,
    /// Beijing 1954, UTM 48/49 N, Web Mercator, geocentric.
    static let codes = [4326, 4490, 4545, 4546, 4547, 4513, 4534, 4554, 4610, 2381, 2431, 4214, 2327, 32648, 32649, 3857, 4479]

    @Test(arguments: codes) func isTheTextGDALWrites(epsg: Int) throws {
        let ours = try CRSDefinition(epsg: epsg, context: PROJContext())
        let gdal = try SpatialReferenceText(epsg: epsg)
        #expect(ours.wkt == gdal.wkt)
        #expect(ours.name == gdal.name)
        #expect(ours.wkt.hasPrefix("GEOGCS[") || ours.wkt.hasPrefix("PROJCS[") || ours.wkt.hasPrefix("GEOCCS["))
    }

    @Test func anUnknownCodeIsAnError() {
        #expect(throws: CRSError.self) { try CRSDefinition(epsg: 999_999, context: PROJContext()) }
    }
}
