import CZlib
import Foundation

/// A ZIP archive on disk read entry by entry without loading it: only its central directory
/// is read (and checked by ``ZipDirectory`` for path tricks and bombs), and an entry's bytes
/// are inflated piece by piece. An entry that inflates to more than its directory declares
/// is refused mid-stream — the directory cannot lie its way past the bomb check.
///
/// ## Topics
/// - Opening: ``init(path:)``
/// - Reading: ``entries``, ``entry(named:)``, ``stream(_:body:)``
public struct ZipArchiveFile: Sendable {
    public let path: String
    public let entries: [ZipDirectory.Entry]

    /// Reads and checks the central directory of the archive at `path`.
    public init(path: String) throws(ZipDirectory.Problem) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .notZip }
        defer { try? handle.close() }
        func read(at offset: UInt64, _ count: Int) throws(ZipDirectory.Problem) -> [UInt8] {
            do {
                try handle.seek(toOffset: offset)
                guard let data = try handle.read(upToCount: count), data.count == count else { throw ZipDirectory.Problem.notZip }
                return [UInt8](data)
            } catch {
                throw .notZip
            }
        }
        let size: UInt64
        do { size = try handle.seekToEnd() } catch { throw .notZip }
        guard size >= 22 else { throw .notZip }
        let tailLength = Int(min(size, 22 + 65_535))
        let tail = try read(at: size - UInt64(tailLength), tailLength)
        var eocd: Int?
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard let eocd else { throw .notZip }
        func u32(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(b[i]) | UInt64(b[i + 1]) << 8 | UInt64(b[i + 2]) << 16 | UInt64(b[i + 3]) << 24 }
        let directorySize = u32(tail, eocd + 12)
        let directoryOffset = u32(tail, eocd + 16)
        guard directorySize <= 64 * 1024 * 1024, directoryOffset + directorySize <= size else { throw .notZip }
        // The central directory followed by the end record with its offset rewritten to 0:
        // the same bytes ZipDirectory checks for an archive held in memory.
        var buffer = try read(at: directoryOffset, Int(directorySize))
        var end = Array(tail[eocd..<min(tail.count, eocd + 22)])
        guard end.count == 22 else { throw .notZip }
        end[16] = 0; end[17] = 0; end[18] = 0; end[19] = 0
        buffer += end
        self.path = path
        self.entries = try ZipDirectory(buffer).entries
    }

    /// The entry with exactly this name (no directory part ignored), if any.
    public func entry(named name: String) -> ZipDirectory.Entry? {
        entries.first { $0.name == name }
    }

    /// Why an entry could not be read.
    public enum ReadProblem: Error, Sendable, CustomStringConvertible {
        case unsupported(String)
        case corrupt(String)
        case larger(String)

        public var description: String {
            switch self {
            case .unsupported(let name): "“\(name)”的压缩方式不受支持或已加密 (unsupported compression or encrypted)"
            case .corrupt(let name): "“\(name)”数据损坏 (corrupt entry)"
            case .larger(let name): "“\(name)”解压后大于目录所声明的大小，疑似压缩炸弹 (inflates past its declared size)"
            }
        }
    }

    /// Inflates `entry` and hands its bytes to `body` piece by piece (at most 256 KiB each).
    public func stream(_ entry: ZipDirectory.Entry, body: ([UInt8]) throws -> Void) throws {
        guard entry.flags & 1 == 0, entry.method == 0 || entry.method == 8 else { throw ReadProblem.unsupported(entry.name) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadProblem.corrupt(entry.name) }
        defer { try? handle.close() }
        try handle.seek(toOffset: entry.localHeaderOffset)
        guard let header = try handle.read(upToCount: 30), header.count == 30,
            header[header.startIndex] == 0x50, header[header.startIndex + 1] == 0x4B, header[header.startIndex + 2] == 0x03,
            header[header.startIndex + 3] == 0x04
        else { throw ReadProblem.corrupt(entry.name) }
        let h = [UInt8](header)
        let skip = UInt64(Int(h[26]) | Int(h[27]) << 8) + UInt64(Int(h[28]) | Int(h[29]) << 8)
        try handle.seek(toOffset: entry.localHeaderOffset + 30 + skip)
        var remaining = entry.compressedSize
        var produced: UInt64 = 0
        let piece = 256 * 1024

        if entry.method == 0 {
            guard entry.compressedSize == entry.size else { throw ReadProblem.corrupt(entry.name) }
            while remaining > 0 {
                guard let data = try handle.read(upToCount: Int(min(UInt64(piece), remaining))), !data.isEmpty else {
                    throw ReadProblem.corrupt(entry.name)
                }
                remaining -= UInt64(data.count)
                try body([UInt8](data))
            }
            return
        }

        var stream = z_stream()
        // Raw deflate (no zlib header), as ZIP stores it.
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ReadProblem.corrupt(entry.name)
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: piece)
        var finished = false
        while !finished {
            let input: [UInt8]
            if remaining > 0 {
                guard let data = try handle.read(upToCount: Int(min(UInt64(piece), remaining))), !data.isEmpty else {
                    throw ReadProblem.corrupt(entry.name)
                }
                remaining -= UInt64(data.count)
                input = [UInt8](data)
            } else {
                input = []
            }
            var inputCopy = input
            try inputCopy.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                repeat {
                    let status = output.withUnsafeMutableBufferPointer { outBuffer -> Int32 in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = UInt32(outBuffer.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && stream.avail_in == 0) else {
                        throw ReadProblem.corrupt(entry.name)
                    }
                    let count = piece - Int(stream.avail_out)
                    produced += UInt64(count)
                    if produced > entry.size { throw ReadProblem.larger(entry.name) }
                    if count > 0 { try body(Array(output[0..<count])) }
                    if status == Z_STREAM_END { finished = true; return }
                } while stream.avail_out == 0
            }
            stream.next_in = nil
            if !finished && remaining == 0 && input.isEmpty { throw ReadProblem.corrupt(entry.name) }
        }
        guard produced == entry.size else { throw ReadProblem.corrupt(entry.name) }
    }
}
