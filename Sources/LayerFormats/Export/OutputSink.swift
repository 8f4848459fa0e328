import Foundation

/// Text written to a file in chunks, so a 100,000-feature export is never one giant string.
///
/// The text goes to `<path>.partial`, renamed over `path` by ``close()``: an export that
/// fails half-way (a disk full, the registry's features failing to read) leaves the file
/// that was there, not half of a new one — the partial file is removed when the sink goes.
final class OutputSink {
    private let handle: FileHandle
    private let path: String
    private let partial: String
    private var closed = false
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 20

    init(path: String) throws(ExportError) {
        self.path = path
        partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw .cannotWrite(path, "无法创建文件（目录不存在或无写权限）")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    deinit {
        guard !closed else { return }
        try? handle.close()
        unlink(partial)
    }

    func write(_ text: String) throws(ExportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { try flush() }
    }

    func write(_ bytes: [UInt8]) throws(ExportError) {
        if bytes.count >= Self.chunk {
            // Large pieces (a batch of features) go straight out rather than through the buffer.
            try flush()
            try write(contentsOf: bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunk { try flush() }
    }

    private func write(contentsOf bytes: [UInt8]) throws(ExportError) {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw .cannotWrite(path, "\(error)")
        }
    }

    private func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        try write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws(ExportError) {
        try flush()
        do { try handle.close() } catch { throw .cannotWrite(path, "\(error)") }
        guard rename(partial, path) == 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
        closed = true
    }
}
