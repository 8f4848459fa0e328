import Foundation
import Testing
import TestSupport
@testable import Attachments

/// Recovery deletes unreferenced staged files only when no other import is between staging
/// and publishing (a server and a CLI writing at once).
struct StagingLockTests {
    @Test func recoveryLeavesAnotherImportsStagedFilesAlone() throws {
        let dir = TemporaryDirectory()
        let store = AttachmentStore(directory: dir.file("db.sqlite.attachments"))
        try TestPhotos.jpeg(at: dir.file("a.jpg"))
        var importing: StagingLock? = try StagingLock(store: store, exclusive: false, wait: true)
        let staged = try store.stage(contentsOf: dir.file("a.jpg"), fileName: "a.jpg")
        // Another process recovers now: not referenced yet (not committed), but not a leftover either.
        let during = try store.recover { _ in false }
        #expect(during.deleted == 0 && FileManager.default.fileExists(atPath: staged.stagedPath))
        #expect(importing != nil)
        importing = nil
        // The import died without committing: now it is a leftover.
        let after = try store.recover { _ in false }
        #expect(after.deleted == 1 && !FileManager.default.fileExists(atPath: staged.stagedPath))
    }

    @Test func publishingTwiceIsHarmless() throws {
        let dir = TemporaryDirectory()
        let store = AttachmentStore(directory: dir.file("db.sqlite.attachments"))
        try TestPhotos.jpeg(at: dir.file("a.jpg"))
        let staged = try store.stage(contentsOf: dir.file("a.jpg"), fileName: "a.jpg")
        // Recovery in another process publishes it (committed), then the importer publishes too.
        #expect(try store.recover { $0 == staged.sha256 }.published == 1)
        try store.publish(staged)
        #expect(store.contains(staged.sha256))
    }
}
