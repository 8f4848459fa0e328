import CQRencode

/// A QR code as a square matrix of modules (true = dark), encoded by libqrencode. The one
/// place that calls it: everything else draws the matrix (``SignboardSheet`` as vector
/// squares, so a printed sign has no raster blur).
public struct QRCode: Sendable, Equatable {
    /// Error correction: M (15 %) by default; H (30 %) survives a dirty or scratched sign.
    public enum Level: Sendable {
        case low, medium, quartile, high

        var c: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Longer texts make codes too dense to scan off a sign.
    public static let maxTextLength = 1_000

    /// Modules per side (21 for version 1, 4 more per version), without the quiet zone.
    public let size: Int
    private let modules: [Bool]

    /// Encodes `text` (UTF-8, 8-bit mode, case kept) at the smallest version that holds it.
    public init(encoding text: String, level: Level = .medium) throws(ReportError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maxTextLength, !bytes.contains(0) else {
            throw .refused("二维码内容应为 1–\(Self.maxTextLength) 字节且不含 NUL (QR text length)")
        }
        try QRencodeLibrary.ready()
        guard let code = qrencode.pointee.QRcode_encodeData(Int32(bytes.count), bytes, 0, level.c) else {
            throw .refused("libqrencode 无法编码该内容 (QRcode_encodeData failed)")
        }
        defer { qrencode.pointee.QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { throw .refused("libqrencode 返回空的二维码 (empty QR code)") }
        // libqrencode: one byte per module, bit 0 set = dark.
        modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
        size = width
    }

    /// Whether the module in column `x`, row `y` (from the top left) is dark.
    public subscript(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}
