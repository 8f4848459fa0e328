/// Little-endian, length-prefixed bytes: how the stored network index (NetworkIndexCodec)
/// and the stored per-edge records (NetworkEdgeRecord) are written and read. Reading never
/// trusts a count: every one is checked against the bytes left.
import GeoKit

struct ByteWriter {
    var data: [UInt8] = []

    mutating func bytes(_ b: [UInt8]) { data += b }
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { data += $0 } }
    mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
    mutating func coordinate(_ c: Coordinate) {
        double(c.x)
        double(c.y)
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        data += utf8
    }
    mutating func optionalString(_ s: String?) {
        if let s {
            data.append(1)
            string(s)
        } else {
            data.append(0)
        }
    }
}

struct ByteReader {
    let data: UnsafeRawBufferPointer
    var offset = 0

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    var isAtEnd: Bool { offset == data.count }

    mutating func bytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, data.count - offset >= n else { return nil }
        defer { offset += n }
        return Array(data[offset..<(offset + n)])
    }

    var remaining: Int { data.count - offset }

    mutating func word() -> UInt64? {
        guard data.count - offset >= 8 else { return nil }
        let v = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return v
    }

    /// `n` doubles stored one after another, read in one pass.
    mutating func doubles(_ n: Int) -> [Double]? {
        guard n >= 0, n <= remaining / 8 else { return nil }
        let start = offset
        offset += 8 * n
        return [Double](unsafeUninitializedCapacity: n) { buffer, count in
            for k in 0..<n {
                let word = data.loadUnaligned(fromByteOffset: start + 8 * k, as: UInt64.self)
                buffer[k] = Double(bitPattern: UInt64(littleEndian: word))
            }
            count = n
        }
    }

    /// `n` coordinates stored as x, y pairs.
    mutating func coordinates(_ n: Int) -> [Coordinate]? {
        guard n >= 0, n <= remaining / 16, let values = doubles(2 * n) else { return nil }
        return [Coordinate](unsafeUninitializedCapacity: n) { buffer, count in
            for k in 0..<n { buffer[k] = Coordinate(x: values[2 * k], y: values[2 * k + 1]) }
            count = n
        }
    }

    mutating func int() -> Int? { word().map { Int(Int64(bitPattern: $0)) } }
    mutating func double() -> Double? { word().map(Double.init(bitPattern:)) }

    mutating func coordinate() -> Coordinate? {
        guard let x = double(), let y = double() else { return nil }
        return Coordinate(x: x, y: y)
    }

    /// A count of items each taking at least `minimumBytesEach` bytes: refused if the bytes
    /// left could not hold them (so a damaged count never reserves gigabytes).
    mutating func count(minimumBytesEach: Int) -> Int? {
        guard let n = int(), n >= 0, n <= (data.count - offset) / max(1, minimumBytesEach) + 1 else { return nil }
        return n
    }

    mutating func string() -> String? {
        guard let n = count(minimumBytesEach: 1), n <= remaining else { return nil }
        let start = offset
        offset += n
        return String(validating: UnsafeRawBufferPointer(rebasing: data[start..<(start + n)]).bindMemory(to: UInt8.self), as: UTF8.self)
    }

    mutating func optionalString() -> String?? {
        guard offset < data.count else { return nil }
        let flag = data[offset]
        offset += 1
        switch flag {
        case 0: return .some(nil)
        case 1: return string().map { .some($0) }
        default: return nil
        }
    }
}
