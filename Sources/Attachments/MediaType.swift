/// The kinds of file the ledger keeps, decided from the first bytes (never from the name, which
/// a hostile upload chooses).
public enum MediaType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case pdf = "application/pdf"

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .pdf: "pdf"
        }
    }

    public var isImage: Bool { self != .pdf }

    /// The type whose signature `head` (the file's first bytes, at least 8) starts with.
    public static func sniff(_ head: [UInt8]) -> MediaType? {
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}
