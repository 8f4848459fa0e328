import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and uploaded files. Only what the
/// import form sends; anything malformed is refused as a whole.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var bytes: [UInt8]
    }

    private(set) var parts: [Part] = []

    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    /// More parts than any of our forms sends (the import form has four, a tip at most a few
    /// photos): a body cut into millions of tiny parts is refused before they are read.
    static let maximumParts = 200

    /// Parses in one pass over the body. Delimiters are recognised only where RFC 2046 puts
    /// them (at the start or after a CRLF), so `--` and the boundary's text inside a line of
    /// an uploaded file do not cut it; each part's headers are looked for only inside that part.
    init(_ body: [UInt8], boundary: String) throws(ClientError) {
        // RFC 2046 §5.1.1: 1 to 70 characters.
        guard (1...70).contains(boundary.utf8.count) else {
            throw .badRequest("上传的表单分隔符无效（应为 1–70 个字符）(multipart boundary must be 1 to 70 characters)")
        }
        let delimiter = Array(("--" + boundary).utf8)
        let lineDelimiter = [13, 10] + delimiter
        // Where each delimiter's dashes start.
        var positions: [Int] = body.starts(with: delimiter) ? [0] : []
        var i = 0
        while let found = Self.find(lineDelimiter, in: body, from: i, before: body.count) {
            positions.append(found + 2)
            guard positions.count <= Self.maximumParts + 1 else {
                throw .badRequest("上传的表单分段过多（上限 \(Self.maximumParts)）(too many multipart parts)")
            }
            i = found + lineDelimiter.count
        }
        guard positions.count >= 2 else { throw .badRequest("上传的表单格式不对 (malformed multipart body)") }
        let headerEnd = Array("\r\n\r\n".utf8)
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            // Skip the CRLF after the delimiter; the part ends at the CRLF before the next one.
            if partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 { partStart += 2 }
            let partEnd = end - 2
            guard partStart <= partEnd, let headersEnd = Self.find(headerEnd, in: body, from: partStart, before: partEnd + 2) else {
                throw .badRequest("上传的表单格式不对 (malformed multipart part)")
            }
            let contentStart = min(headersEnd + headerEnd.count, partEnd)
            let headers = String(decoding: body[partStart..<headersEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }) else {
                throw .badRequest("上传的表单格式不对 (part without Content-Disposition)")
            }
            guard let name = Self.parameter("name", in: String(disposition)) else { continue }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: String(disposition)), bytes: Array(body[contentStart..<partEnd])))
        }
    }

    func text(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    func file(_ name: String) -> (filename: String, bytes: [UInt8])? {
        parts.first { $0.name == name && $0.filename != nil }.map { ($0.filename ?? "", $0.bytes) }
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            }
        }
        return nil
    }

    /// The first place at or after `start` where `needle` lies wholly before `limit`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before limit: Int) -> Int? {
        let last = min(limit, haystack.count) - needle.count
        guard !needle.isEmpty, start <= last else { return nil }
        let first = needle[0]
        var i = start
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
