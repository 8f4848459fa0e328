import Digest
import Foundation
import Testing
@testable import Attachments

struct AttachmentStoreTests {
    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "attachments-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], in directory: String, name: String) -> String {
        let path = "\(directory)/\(name)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static let jpegLike: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 700_000)

    @Test func stagedThenPublishedUnderItsDigest() throws {
        let dir = Self.scratch()
        let store = AttachmentStore(directory: dir + "/store")
        let source = Self.write(Self.jpegLike, in: dir, name: "近景1.jpg")
        let staged = try store.stage(contentsOf: source, fileName: "近景1.jpg")
        #expect(staged.sha256 == SHA256.hex(Self.jpegLike))
        #expect(staged.byteCount == Int64(Self.jpegLike.count))
        #expect(staged.mediaType == .jpeg)
        #expect(!store.contains(staged.sha256))
        try store.publish(staged)
        #expect(store.contains(staged.sha256))
        #expect(FileManager.default.contents(atPath: store.path(of: staged.sha256)) == Data(Self.jpegLike))
    }

    @Test func typeComesFromTheBytesNotTheName() {
        let dir = Self.scratch()
        let store = AttachmentStore(directory: dir + "/store")
        let source = Self.write(Array("<html><script>".utf8), in: dir, name: "photo.jpg")
        #expect(throws: AttachmentError.unsupportedType(file: "photo.jpg")) { try store.stage(contentsOf: source, fileName: "photo.jpg") }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/store/.staging")) ?? [] == [])
    }

    @Test func tooLargeIsRefusedAndLeavesNothing() {
        let dir = Self.scratch()
        let store = AttachmentStore(directory: dir + "/store", limits: AttachmentLimits(maxBytes: 300_000))
        let source = Self.write(Self.jpegLike, in: dir, name: "big.jpg")
        #expect(throws: AttachmentError.self) { try store.stage(contentsOf: source, fileName: "big.jpg") }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/store/.staging")) ?? [] == [])
    }

    /// After a crash, staged files the database refers to are published, the rest deleted.
    @Test func recoveryPublishesReferencedAndDeletesTheRest() throws {
        let dir = Self.scratch()
        let store = AttachmentStore(directory: dir + "/store")
        let kept = try store.stage(contentsOf: Self.write(Self.jpegLike, in: dir, name: "a.jpg"), fileName: "a.jpg")
        let orphan = try store.stage(contentsOf: Self.write([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A], in: dir, name: "b.pdf"), fileName: "b.pdf")
        #expect(orphan.mediaType == .pdf)
        let result = try store.recover(referenced: { $0 == kept.sha256 })
        #expect(result.published == 1 && result.deleted == 1)
        #expect(store.contains(kept.sha256))
        #expect(!store.contains(orphan.sha256))
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir + "/store/.staging")).isEmpty)
    }
}
