import Foundation

/// Writes a file by letting a writer fill a temporary file beside the target and then
/// renaming it over the target: a reader never sees half a workbook or PDF, and a failed
/// write leaves whatever was there before.
enum AtomicFile {
    static func write(to path: String, _ fill: (String) throws(ReportError) -> Void) throws(ReportError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "目录 \(directory) 不存在 (no such folder)")
        }
        // Same directory, so the rename stays on one file system and is atomic.
        let temporary = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).part")
        do {
            try fill(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }
}
