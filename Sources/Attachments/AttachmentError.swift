/// Why a file could not be attached. Messages name the file and say what to do.
public enum AttachmentError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, bytes: Int64, limit: Int64)
    case unsupportedType(file: String)
    case badImage(file: String, reason: String)
    case storage(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "无法读取附件“\(file)”：\(reason) (cannot read)"
        case .tooLarge(let file, let bytes, let limit):
            "附件“\(file)”过大：\(bytes / 1024) KiB，上限 \(limit / 1024) KiB (file too large)"
        case .unsupportedType(let file):
            "附件“\(file)”不是 JPEG、PNG 或 PDF 文件（按文件内容判断，与扩展名无关） (unsupported type)"
        case .badImage(let file, let reason):
            "照片“\(file)”无法使用：\(reason) (bad image)"
        case .storage(let reason):
            "附件存储失败：\(reason) (storage failed)"
        }
    }
}
