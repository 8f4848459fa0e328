import Foundation

/// Thumbnails beside the attachments: `<folder>/thumbnails/<sha256>.jpg`, derived from the
/// photo and made the same two-phase way — written into staging while the import is checked
/// (so an undecodable JPEG is refused before anything is stored), moved into place after the
/// database commits, removed with the rest when it does not. A thumbnail lost to a crash is
/// made again by ``thumbnail(of:)``.
extension AttachmentStore {
    public func thumbnailPath(of sha256: String) -> String {
        "\(directory)/thumbnails/\(sha256).jpg"
    }

    /// Makes the thumbnail of a staged JPEG in staging; returns where it is. Its name is not a
    /// digest, so ``recover(referenced:)`` removes it after a crash.
    public func stageThumbnail(of staged: StagedAttachment) throws(AttachmentError) -> String {
        let path = "\(stagingDirectory)/thumb-\(staged.sha256).jpg"
        try Thumbnail.write(from: staged.stagedPath, to: path, limits: limits, fileName: staged.fileName)
        return path
    }

    /// Moves staged thumbnails into place (after the commit). A failure only loses a preview,
    /// made again on demand, so it is returned to report rather than thrown.
    public func publishThumbnails(_ staged: [(sha256: String, path: String)]) -> [String] {
        let files = FileManager.default
        var problems: [String] = []
        var seen = Set<String>()
        for item in staged where seen.insert(item.sha256).inserted {
            let target = thumbnailPath(of: item.sha256)
            do {
                try files.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if files.fileExists(atPath: target) { try files.removeItem(atPath: item.path) } else { try files.moveItem(atPath: item.path, toPath: target) }
            } catch {
                problems.append("缩略图 \(item.sha256.prefix(12))… 未能就位：\(error.localizedDescription)")
            }
        }
        return problems
    }

    /// Drops staged thumbnails of a change that did not commit.
    public func discardThumbnails(_ paths: [String]) {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The thumbnail of a stored JPEG, made now if it is missing; nil for other types.
    public func thumbnail(of sha256: String) throws(AttachmentError) -> String? {
        let target = thumbnailPath(of: sha256)
        if FileManager.default.fileExists(atPath: target) { return target }
        guard contains(sha256) else { throw .unreadable(file: sha256, reason: "附件不存在") }
        guard let handle = FileHandle(forReadingAtPath: path(of: sha256)) else { throw .unreadable(file: sha256, reason: "无法读取") }
        defer { try? handle.close() }
        let head: [UInt8]
        do { head = [UInt8](try handle.read(upToCount: 16) ?? Data()) } catch { throw .unreadable(file: sha256, reason: "\(error)") }
        guard MediaType.sniff(head) == .jpeg else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw .storage(error.localizedDescription)
        }
        let partial = target + ".partial-\(UUID().uuidString)"
        try Thumbnail.write(from: path(of: sha256), to: partial, limits: limits, fileName: sha256)
        do { try FileManager.default.moveItem(atPath: partial, toPath: target) } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if !FileManager.default.fileExists(atPath: target) { throw .storage(error.localizedDescription) }
        }
        return target
    }
}
