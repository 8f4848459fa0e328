import Digest
import Foundation

/// Files attached to the ledger (photos, scans, PDFs), kept outside the database in a folder
/// beside it, each named by its SHA-256: the same file attached twice is stored once, and a
/// name says nothing an uploader chose.
///
/// Adding is two-phase so that a crash never leaves a file the database does not know, nor a
/// record whose file is missing: ``stage(contentsOf:fileName:)`` streams the bytes into
/// `.staging/` (hashing and checking them on the way, never holding them whole), the caller
/// commits its database transaction, then ``publish(_:)`` moves the file into place. After a
/// crash, ``recover(referenced:)`` publishes staged files the database refers to and deletes
/// the rest.
///
/// ## Topics
/// - Adding: ``stage(contentsOf:fileName:)``, ``publish(_:)``, ``discard(_:)``
/// - Reading: ``path(of:)``, ``contains(_:)``
/// - Safety: ``recover(referenced:)``, ``limits``
public struct AttachmentStore: Sendable {
    public let directory: String
    public var limits: AttachmentLimits

    public init(directory: String, limits: AttachmentLimits = AttachmentLimits()) {
        self.directory = directory
        self.limits = limits
    }

    /// The attachment folder of a registry file: `outfalls.sqlite` → `outfalls.sqlite.attachments/`.
    public static func beside(databasePath: String, limits: AttachmentLimits = AttachmentLimits()) -> AttachmentStore {
        AttachmentStore(directory: databasePath + ".attachments", limits: limits)
    }

    /// Where the file with this digest lives (whether or not it is there).
    public func path(of sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    public func contains(_ sha256: String) -> Bool {
        Self.isDigest(sha256) && FileManager.default.fileExists(atPath: path(of: sha256))
    }

    var stagingDirectory: String { directory + "/.staging" }

    /// Streams the file at `source` into the staging area: hashed, counted and type-checked
    /// while it is copied, refused past ``AttachmentLimits/maxBytes``. `fileName` is what the
    /// person sees in messages.
    public func stage(contentsOf source: String, fileName: String) throws(AttachmentError) -> StagedAttachment {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw .unreadable(file: fileName, reason: "文件不存在或无权读取")
        }
        defer { try? input.close() }
        return try stage(fileName: fileName) { () throws(AttachmentError) -> [UInt8]? in
            do {
                guard let data = try input.read(upToCount: 256 * 1024), !data.isEmpty else { return nil }
                return [UInt8](data)
            } catch {
                throw .unreadable(file: fileName, reason: "\(error)")
            }
        }
    }

    /// Streams pieces from `next` (nil at the end) into the staging area; see ``stage(contentsOf:fileName:)``.
    public func stage(fileName: String, next: () throws(AttachmentError) -> [UInt8]?) throws(AttachmentError) -> StagedAttachment {
        let files = FileManager.default
        do { try files.createDirectory(atPath: stagingDirectory, withIntermediateDirectories: true) } catch {
            throw .storage("无法创建附件目录 \(directory)：\(error.localizedDescription)")
        }
        let partial = "\(stagingDirectory)/partial-\(UUID().uuidString)"
        guard files.createFile(atPath: partial, contents: nil), let output = FileHandle(forWritingAtPath: partial) else {
            throw .storage("无法写入附件目录 \(directory)")
        }
        var hasher = SHA256.Hasher()
        var count: Int64 = 0
        var head: [UInt8] = []
        var completed = false
        defer {
            try? output.close()
            if !completed { try? files.removeItem(atPath: partial) }
        }
        while let piece = try next() {
            count += Int64(piece.count)
            if count > limits.maxBytes { throw .tooLarge(file: fileName, bytes: count, limit: limits.maxBytes) }
            if head.count < 16 { head += piece.prefix(16 - head.count) }
            if head.count >= 8, MediaType.sniff(head) == nil { throw .unsupportedType(file: fileName) }
            hasher.update(piece)
            do { try output.write(contentsOf: piece) } catch { throw .storage("\(error.localizedDescription)") }
        }
        guard let type = MediaType.sniff(head) else { throw .unsupportedType(file: fileName) }
        do { try output.synchronize() } catch { throw .storage("\(error.localizedDescription)") }
        let digest = hasher.finalizeHex()
        let staged = "\(stagingDirectory)/\(digest)"
        do {
            if files.fileExists(atPath: staged) { try files.removeItem(atPath: staged) }
            try files.moveItem(atPath: partial, toPath: staged)
        } catch {
            throw .storage("\(error.localizedDescription)")
        }
        completed = true
        return StagedAttachment(sha256: digest, byteCount: count, mediaType: type, fileName: fileName, stagedPath: staged)
    }

    /// Moves a staged file into place, once the database that refers to it has committed.
    public func publish(_ staged: StagedAttachment) throws(AttachmentError) {
        try publish(sha256: staged.sha256)
    }

    func publish(sha256: String) throws(AttachmentError) {
        let files = FileManager.default
        let staged = "\(stagingDirectory)/\(sha256)"
        let target = path(of: sha256)
        do {
            try files.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if files.fileExists(atPath: target) {
                // Already there (the same file attached before, or recovery published it first).
                if files.fileExists(atPath: staged) { try files.removeItem(atPath: staged) }
            } else {
                try files.moveItem(atPath: staged, toPath: target)
            }
        } catch {
            throw .storage("\(error.localizedDescription)")
        }
    }

    /// Drops a staged file whose database change did not commit.
    public func discard(_ staged: StagedAttachment) {
        try? FileManager.default.removeItem(atPath: staged.stagedPath)
    }

    /// After a crash: staged files the database refers to are published, everything else in
    /// staging is deleted. Returns how many were published and deleted.
    ///
    /// While another process holds the ``StagingLock`` (it is between staging and publishing),
    /// nothing is deleted: its staged files are not leftovers.
    @discardableResult
    public func recover(referenced: (String) throws -> Bool) throws -> (published: Int, deleted: Int) {
        let files = FileManager.default
        guard files.fileExists(atPath: stagingDirectory) else { return (0, 0) }
        let names = try files.contentsOfDirectory(atPath: stagingDirectory)
        let alone = try StagingLock(store: self, exclusive: true, wait: false)
        var published = 0, deleted = 0
        for name in names {
            if Self.isDigest(name), try referenced(name) {
                try publish(sha256: name)
                published += 1
            } else if alone != nil {
                try? files.removeItem(atPath: "\(stagingDirectory)/\(name)")
                deleted += 1
            }
        }
        return (published, deleted)
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// A file streamed into staging, not yet published.
public struct StagedAttachment: Sendable, Hashable {
    public var sha256: String
    public var byteCount: Int64
    public var mediaType: MediaType
    public var fileName: String
    public var stagedPath: String
}

/// What the store accepts; settings a county can change.
public struct AttachmentLimits: Sendable, Hashable {
    /// Largest file, in bytes (default 25 MiB: a phone photo is 2–8 MiB, a scanned PDF more).
    public var maxBytes: Int64
    /// Largest image, in pixels on either side and in total (a decompression-bomb guard).
    public var maxImageSide: Int
    public var maxImagePixels: Int

    public init(maxBytes: Int64 = 25 * 1024 * 1024, maxImageSide: Int = 20_000, maxImagePixels: Int = 100_000_000) {
        self.maxBytes = maxBytes
        self.maxImageSide = maxImageSide
        self.maxImagePixels = maxImagePixels
    }
}

extension AttachmentStore {
    /// Drops staged files of a change that did not commit, and the staging folder (and the
    /// attachment folder, when `removeEmptyDirectory`) if that leaves them empty — a refused
    /// import leaves the attachment folder as it found it.
    public func discard(_ staged: [StagedAttachment], removeEmptyDirectory: Bool) {
        for file in staged { discard(file) }
        let files = FileManager.default
        if (try? files.contentsOfDirectory(atPath: stagingDirectory))?.isEmpty == true { try? files.removeItem(atPath: stagingDirectory) }
        if removeEmptyDirectory, (try? files.contentsOfDirectory(atPath: directory))?.isEmpty == true { try? files.removeItem(atPath: directory) }
    }

    /// Publishes files staged for a change that committed; a failure leaves the file staged
    /// for ``recover(referenced:)`` to publish at the next opening, and is returned to report.
    public func publish(_ staged: [StagedAttachment]) -> [AttachmentError] {
        var seen = Set<String>()
        var failures: [AttachmentError] = []
        for file in staged where seen.insert(file.sha256).inserted {
            do { try publish(file) } catch { failures.append(error) }
        }
        let files = FileManager.default
        if (try? files.contentsOfDirectory(atPath: stagingDirectory))?.isEmpty == true { try? files.removeItem(atPath: stagingDirectory) }
        return failures
    }
}
