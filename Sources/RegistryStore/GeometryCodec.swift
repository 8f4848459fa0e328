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
        // A little-endian 2D point (what most rows hold: 100,000 outfalls) is read directly;
        // everything else goes through GEOS.
        if data.count == 21, data[data.startIndex] == 1, data[data.startIndex + 1] == 1,
            data[data.startIndex + 2] == 0, data[data.startIndex + 3] == 0, data[data.startIndex + 4] == 0
        {
            func double(at offset: Int) -> Double {
                var bits: UInt64 = 0
                for i in 0..<8 { bits |= UInt64(data[data.startIndex + offset + i]) << (8 * UInt64(i)) }
                return Double(bitPattern: bits)
            }
            return .point(Coordinate(x: double(at: 5), y: double(at: 13)))
        }
        return try geos.geometry(wkb: [UInt8](data)).value()
    }
}
