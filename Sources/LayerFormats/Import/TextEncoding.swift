#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text encodings found in Chinese GIS and spreadsheet files.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    /// GBK and its superset GB 18030, the default of Chinese Excel and of many Shapefiles.
    case gbk = "GBK"

    public init?(parsing text: String) {
        switch text.lowercased().filter({ $0 != "-" && $0 != "_" }) {
        case "utf8": self = .utf8
        case "gbk", "gb2312", "gb18030", "cp936", "936": self = .gbk
        default: return nil
        }
    }

    /// Decodes `bytes`: with `forced` in that encoding; otherwise UTF-8 (with or without a
    /// byte-order mark) when the bytes are valid UTF-8, else GBK.
    public static func decode(_ bytes: [UInt8], forced: TextEncoding? = nil) throws(FormatError) -> (text: String, encoding: TextEncoding) {
        var body = bytes[...]
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM { body = body.dropFirst(3) }
        switch forced {
        case .utf8?:
            guard let text = String(validating: body, as: UTF8.self) else {
                throw .encoding("声明为 UTF-8，但\(location(of: firstInvalidUTF8(body), in: body))的字节不是 UTF-8（文件是否为 GBK？请用 --encoding gbk）")
            }
            return (text, .utf8)
        case .gbk?:
            if hasBOM { throw .encoding("声明为 GBK，但文件以 UTF-8 的 BOM 开头（请用 --encoding utf-8）") }
            return (try GB18030.decode(body), .gbk)
        case nil:
            if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
            do {
                return (try GB18030.decode(body), .gbk)
            } catch {
                throw .encoding("既不是有效的 UTF-8，也不是有效的 GBK：\(error)")
            }
        }
    }

    /// Offset of the first byte that breaks UTF-8 (a simplified check: lead byte, length
    /// and continuation bytes), to name the line in an error message.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let lead = bytes[i]
            let length =
                switch lead {
                case 0x00...0x7F: 1
                case 0xC2...0xDF: 2
                case 0xE0...0xEF: 3
                case 0xF0...0xF4: 4
                default: 0
                }
            guard length > 0, i + length <= bytes.endIndex,
                bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 })
            else { return i - bytes.startIndex }
            i += length
        }
        return bytes.count
    }

    /// "第 N 行" for a byte offset.
    static func location(of offset: Int, in bytes: ArraySlice<UInt8>) -> String {
        let line = bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        return "第 \(line) 行"
    }
}

/// GB 18030 (a superset of GBK and GB 2312) decoding through the C library's iconv.
enum GB18030 {
    static func decode(_ bytes: ArraySlice<UInt8>) throws(FormatError) -> String {
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            throw .encoding("本机 iconv 不支持 GB18030")
        }
        defer { iconv_close(converter) }
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int
        let failedAt: Int?
        (produced, failedAt) = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.baseAddress.map { inBase in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuffer.count
                    var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map {
                        UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                    }
                    var outLeft = outBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let consumed = inBuffer.count - inLeft
                    return (outBuffer.count - outLeft, result == -1 || inLeft > 0 ? consumed : nil)
                } ?? (0, nil)
            }
        }
        if let failedAt {
            throw .encoding("\(TextEncoding.location(of: failedAt, in: bytes))（字节偏移 \(failedAt)）不是有效的 GBK 编码")
        }
        guard let text = String(validating: output.prefix(produced), as: UTF8.self) else {
            throw .encoding("GBK 转换结果无效")
        }
        return text
    }
}
