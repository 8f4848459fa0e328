import Foundation
import GeoKit

/// WKB in and out of the database through GEOS. One per database operation: it owns a
/// GEOS context, which must not be shared between threads.
struct GeometryCodec {
    let geos = GEOSContext()

    func encode(_ geometry: Geometry) throws -> Data {
        Data(try geos.geometry(geometry).wkb)
    }

    func decode(_ data: Data) throws -> Geometry {
        try geos.geometry(wkb: [UInt8](data)).value()
    }
}
