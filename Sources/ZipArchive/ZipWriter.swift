import CZlib
import Foundation

/// Writes ZIP archives entry by entry, deflating with zlib as the data streams in, so a
/// large KML never sits in memory whole. Names are stored as UTF-8 with the flag that says
/// so (bit 11) — GDAL's own zip writer mangles them — so Chinese file names inside a KMZ
/// come out intact in Google Earth, 奥维 and Windows.
public final class ZipWriter {
    private let handle: FileHandle
    private let path: String
    private var offset: UInt64 = 0
    private var central: [UInt8] = []
    private var count = 0
    private var current: Entry?

    private final class Entry {
        let name: [UInt8]
        let headerOffset: UInt64
        var crc: UInt = 0
        var size: UInt64 = 0
        var compressed: UInt64 = 0
        var stream = z_stream()

        init(name: [UInt8], headerOffset: UInt64) {
            self.name = name
            self.headerOffset = headerOffset
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case io(String)
        case zlib(Int32)

        public var description: String {
            switch self {
            case .io(let message): message
            case .zlib(let code): "zlib error \(code)"
            }
        }
    }

    public init(path: String) throws(Failure) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .io("cannot create \(path)")
        }
        self.handle = handle
        self.path = path
    }

    private func emit(_ bytes: [UInt8]) throws(Failure) {
        do { try handle.write(contentsOf: bytes) } catch { throw .io("\(path): \(error)") }
        offset += UInt64(bytes.count)
    }

    private static func dosTime() -> (time: UInt16, date: UInt16) {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        let time = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2)
        let date = UInt16(max(0, parts.tm_year - 80)) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        return (time, date)
    }

    /// Starts a new entry (finishing the previous one).
    public func begin(entry name: String) throws(Failure) {
        try finishEntry()
        let entry = Entry(name: Array(name.utf8), headerOffset: offset)
        // Raw deflate (no zlib header), as ZIP wants.
        let status = deflateInit2_(
            &entry.stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .zlib(status) }
        current = entry
        let stamp = Self.dosTime()
        var header = Bytes()
        header.u32(0x0403_4B50)
        header.u16(20)  // version needed: 2.0
        header.u16(0x0808)  // bit 3: sizes follow in a data descriptor; bit 11: UTF-8 names
        header.u16(8)  // deflate
        header.u16(stamp.time)
        header.u16(stamp.date)
        header.u32(0)
        header.u32(0)
        header.u32(0)
        header.u16(UInt16(entry.name.count))
        header.u16(0)
        header.bytes += entry.name
        try emit(header.bytes)
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        guard let entry = current else { throw .io("no zip entry open") }
        entry.crc = bytes.withUnsafeBufferPointer { crc32(entry.crc, $0.baseAddress, UInt32($0.count)) }
        entry.size += UInt64(bytes.count)
        try deflateInto(entry, input: bytes, finish: false)
    }

    /// Feeds `input` to the entry's deflate stream and writes what comes out.
    private func deflateInto(_ entry: Entry, input: [UInt8], finish: Bool) throws(Failure) {
        var input = input
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        var produced = 0
        try input.withUnsafeMutableBufferPointer { (inBuffer) throws(Failure) in
            entry.stream.next_in = inBuffer.baseAddress
            entry.stream.avail_in = UInt32(inBuffer.count)
            while true {
                output.withUnsafeMutableBufferPointer { outBuffer in
                    entry.stream.next_out = outBuffer.baseAddress
                    entry.stream.avail_out = UInt32(outBuffer.count)
                    status = deflate(&entry.stream, finish ? Z_FINISH : Z_NO_FLUSH)
                    produced = outBuffer.count - Int(entry.stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw Failure.zlib(status) }
                if produced > 0 {
                    try emit(Array(output.prefix(produced)))
                    entry.compressed += UInt64(produced)
                }
                if finish ? status == Z_STREAM_END : (entry.stream.avail_in == 0 && entry.stream.avail_out > 0) { break }
            }
        }
    }

    private func finishEntry() throws(Failure) {
        guard let entry = current else { return }
        current = nil
        try deflateInto(entry, input: [], finish: true)
        deflateEnd(&entry.stream)
        guard entry.size < 0xFFFF_FFFF, entry.compressed < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
            throw .io("\(path): entry larger than 4 GiB (ZIP64 not supported)")
        }
        var descriptor = Bytes()
        descriptor.u32(0x0807_4B50)
        descriptor.u32(UInt32(entry.crc))
        descriptor.u32(UInt32(entry.compressed))
        descriptor.u32(UInt32(entry.size))
        try emit(descriptor.bytes)
        let stamp = Self.dosTime()
        var record = Bytes()
        record.u32(0x0201_4B50)
        record.u16(0x031E)  // made by: Unix, ZIP 3.0
        record.u16(20)
        record.u16(0x0808)
        record.u16(8)
        record.u16(stamp.time)
        record.u16(stamp.date)
        record.u32(UInt32(entry.crc))
        record.u32(UInt32(entry.compressed))
        record.u32(UInt32(entry.size))
        record.u16(UInt16(entry.name.count))
        record.u16(0)
        record.u16(0)
        record.u16(0)
        record.u16(0)
        record.u32(0o100644 << 16)  // regular file, rw-r--r--
        record.u32(UInt32(entry.headerOffset))
        record.bytes += entry.name
        central += record.bytes
        count += 1
    }

    /// Finishes the archive; it is incomplete until then.
    public func close() throws(Failure) {
        try finishEntry()
        let start = offset
        try emit(central)
        var end = Bytes()
        end.u32(0x0605_4B50)
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(count))
        end.u16(UInt16(count))
        end.u32(UInt32(central.count))
        end.u32(UInt32(start))
        end.u16(0)
        try emit(end.bytes)
        do { try handle.close() } catch { throw .io("\(path): \(error)") }
    }
}

/// Little-endian field writer.
private struct Bytes {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
}
