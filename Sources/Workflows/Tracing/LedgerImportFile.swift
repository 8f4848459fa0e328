import Foundation
import LayerFormats
import Supervision

/// A file handed to a ledger importer: read whole after its size is checked (the sheets
/// and line files of units and channels are small; photos are streamed elsewhere).
struct LedgerImportFile {
    /// Largest unit sheet or channel file.
    static let maxBytes = 50 * 1024 * 1024

    let path: String
    let fileName: String
    let bytes: [UInt8]

    init(path: String) throws(LedgerError) {
        self.path = path
        fileName = (path as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .refused(subject: path, reason: "文件不存在 (no such file)")
        }
        guard !isDirectory.boolValue else { throw .refused(subject: path, reason: "这是一个目录 (is a directory)") }
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw .refused(subject: path, reason: "无法读取文件信息：\(error.localizedDescription) (cannot stat)")
        }
        guard size <= Self.maxBytes else {
            throw .refused(subject: fileName, reason: "文件有 \(size) 字节，超过上限 \(Self.maxBytes) 字节 (file too large)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .refused(subject: path, reason: "没有读取权限或读取失败 (permission denied or I/O error)")
        }
        bytes = [UInt8](data)
    }

    var lowercasedExtension: String { (fileName as NSString).pathExtension.lowercased() }
}

/// Problems found in a file, by row or feature, reported together: an import writes all of
/// its rows or none.
struct ImportProblems {
    static let listed = 20
    let fileName: String
    private(set) var items: [(order: Int, text: String)] = []

    init(fileName: String) {
        self.fileName = fileName
    }

    mutating func add(_ position: FeaturePosition, _ reason: String) {
        let order: Int
        switch position {
        case .feature(let n), .line(let n): order = n
        }
        items.append((order, "\(position)：\(reason)"))
    }

    var isEmpty: Bool { items.isEmpty }

    /// Throws every problem (the first ``listed``), saying nothing was written.
    func throwIfAny() throws(LedgerError) {
        guard !items.isEmpty else { return }
        let sorted = items.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.text)
        var lines = sorted.prefix(Self.listed).map { "  " + $0 }
        if sorted.count > Self.listed { lines.append("  ……共 \(sorted.count) 处问题 (\(sorted.count) problems in all)") }
        throw .refused(
            subject: "\(fileName) 有 \(sorted.count) 处问题，未写入任何数据 (nothing written)", reason: "\n" + lines.joined(separator: "\n"))
    }
}

/// Limits on what a person types (house rules: names ≤ 200 characters, free text ≤ 2,000).
enum InputText {
    static let maxName = 200
    static let maxText = 2_000

    /// `text` trimmed, nil when empty; a reason when too long.
    static func optional(_ text: String?, field: String, max: Int = maxName) throws(LedgerError) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else {
            throw .refused(subject: field, reason: "超过 \(max) 字（\(trimmed.count) 字）(longer than \(max) characters)")
        }
        return trimmed
    }

    static func required(_ text: String?, field: String, max: Int = maxName) throws(LedgerError) -> String {
        guard let value = try optional(text, field: field, max: max) else {
            throw .refused(subject: field, reason: "不能为空 (required)")
        }
        return value
    }
}

extension LedgerError {
    /// The reason alone, for a message that already names the row.
    var reasonText: String {
        switch self {
        case .refused(let subject, let reason): "\(subject)：\(reason)"
        default: description
        }
    }
}

extension Ledger {
    /// An importer's refusal, saying in every case that nothing was written (a refusal of
    /// single rows says so already).
    func nothingWrittenOnRefusal<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch .refused(let subject, let reason) where !subject.contains("未写入任何数据") {
            throw .refused(subject: subject, reason: reason + "；未写入任何数据 (nothing written)")
        }
    }
}
