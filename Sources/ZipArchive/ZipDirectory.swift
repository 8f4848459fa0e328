/// The central directory of a ZIP archive, read without extracting anything, so that an
/// archive can be refused before it is opened: entries that climb out of the archive
/// (`../`, absolute paths), too many entries, or sizes that promise a zip bomb.
public struct ZipDirectory: Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var compressedSize: UInt64
        public var size: UInt64
        /// 0 stored, 8 deflated; anything else is refused when the entry is read.
        public var method: Int = 0
        /// General-purpose flags (bit 0: encrypted).
        public var flags: Int = 0
        /// Where the entry's local header starts in the archive.
        public var localHeaderOffset: UInt64 = 0
    }

    public var entries: [Entry]

    public enum Problem: Error, Sendable, CustomStringConvertible {
        case notZip
        case unsafePath(String)
        case tooLarge(UInt64)
        case tooManyEntries(Int)
        case suspiciousRatio(String, UInt64, UInt64)
        case unnamedEntry

        public var description: String {
            switch self {
            case .notZip: "不是有效的 ZIP/KMZ 文件 (not a zip archive)"
            case .unsafePath(let name): "压缩包内路径“\(name)”指向包外，已拒绝 (path traversal)"
            case .tooLarge(let bytes): "压缩包解压后达 \(bytes / 1_048_576) MB，超过上限 \(ZipDirectory.maximumSize / 1_048_576) MB (too large)"
            case .tooManyEntries(let n): "压缩包内有 \(n) 个文件，超过上限 (too many entries)"
            case .suspiciousRatio(let name, let packed, let size): "“\(name)”压缩比异常（\(packed) → \(size) 字节），疑似压缩炸弹 (zip bomb?)"
            case .unnamedEntry: "压缩包中有没有名称的条目，文件已损坏 (entry without a name)"
            }
        }
    }

    static let maximumSize: UInt64 = 1 << 30
    static let maximumEntries = 10_000
    static let maximumRatio: UInt64 = 200

    public init(_ bytes: [UInt8]) throws(Problem) {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt64 { UInt64(bytes[i]) | UInt64(bytes[i + 1]) << 8 | UInt64(bytes[i + 2]) << 16 | UInt64(bytes[i + 3]) << 24 }
        // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw .notZip }
        var eocd: Int?
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard let eocd else { throw .notZip }
        let count = u16(eocd + 10)
        let offset = Int(u32(eocd + 16))
        guard count <= Self.maximumEntries else { throw .tooManyEntries(count) }
        var entries: [Entry] = []
        var p = offset
        var total: UInt64 = 0
        for _ in 0..<count {
            guard p + 46 <= bytes.count, u32(p) == 0x0201_4B50 else { throw .notZip }
            let compressed = u32(p + 20)
            let size = u32(p + 24)
            let nameLength = u16(p + 28)
            let extraLength = u16(p + 30)
            let commentLength = u16(p + 32)
            guard p + 46 + nameLength <= bytes.count else { throw .notZip }
            guard nameLength > 0 else { throw .unnamedEntry }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if name.hasPrefix("/") || name.hasPrefix("\\") || name.contains(":") || parts.contains("..") || name.contains("\\..") {
                throw .unsafePath(name)
            }
            // 0xFFFFFFFF means the real sizes are in a ZIP64 extra field: far beyond any KMZ we accept.
            if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF { throw .tooLarge(size) }
            total += size
            if total > Self.maximumSize { throw .tooLarge(total) }
            if size > 1_048_576, size > max(compressed, 1) * Self.maximumRatio { throw .suspiciousRatio(name, compressed, size) }
            entries.append(Entry(
                name: name, compressedSize: compressed, size: size, method: u16(p + 10), flags: u16(p + 8), localHeaderOffset: u32(p + 42)))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }
}
