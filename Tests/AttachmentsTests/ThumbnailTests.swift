import Foundation
import Testing
import TestSupport
@testable import Attachments

/// Thumbnails through libjpeg behind the C guard: sizes read back by Pillow, and broken JPEGs
/// refused with libjpeg's reason while the process carries on (libjpeg's default would exit).
struct ThumbnailTests {
    func pillowSize(_ path: String) throws -> String {
        let r = try Shell.run("python3", ["-c", "import sys; from PIL import Image; im = Image.open(sys.argv[1]); print(im.format, im.size[0], im.size[1])", path])
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aLargePhotoBecomesA320PixelJPEG() throws {
        let dir = TemporaryDirectory()
        try TestPhotos.jpeg(at: dir.file("big.jpg"), width: 4000, height: 3000)
        let size = try Thumbnail.write(from: dir.file("big.jpg"), to: dir.file("t.jpg"), fileName: "big.jpg")
        #expect(size.width == 320 && size.height == 240)
        #expect(try pillowSize(dir.file("t.jpg")) == "JPEG 320 240")
    }

    @Test func aSmallPhotoKeepsItsSize() throws {
        let dir = TemporaryDirectory()
        try TestPhotos.jpeg(at: dir.file("s.jpg"), width: 100, height: 30)
        let size = try Thumbnail.write(from: dir.file("s.jpg"), to: dir.file("t.jpg"), fileName: "s.jpg")
        #expect(size.width == 100 && size.height == 30)
        #expect(try pillowSize(dir.file("t.jpg")) == "JPEG 100 30")
    }

    @Test func brokenJPEGsAreRefusedWithoutEndingTheProcess() throws {
        let dir = TemporaryDirectory()
        try TestPhotos.jpeg(at: dir.file("ok.jpg"), width: 200, height: 100)
        let bytes = try #require(FileManager.default.contents(atPath: dir.file("ok.jpg")))
        let cases: [Data] = [
            Data([0xFF, 0xD8, 0xFF]),  // the signature and nothing else
            bytes.prefix(bytes.count / 3),  // cut before the scan
            Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 0x41, count: 2000),  // garbage segments
        ]
        for (i, data) in cases.enumerated() {
            let path = dir.file("bad\(i).jpg")
            FileManager.default.createFile(atPath: path, contents: data)
            #expect(throws: AttachmentError.self) { try Thumbnail.write(from: path, to: dir.file("t\(i).jpg"), fileName: "bad\(i).jpg") }
            #expect(!FileManager.default.fileExists(atPath: dir.file("t\(i).jpg")), "no half thumbnail left behind")
        }
        // Still alive, and still working.
        #expect(try Thumbnail.write(from: dir.file("ok.jpg"), to: dir.file("ok-t.jpg"), fileName: "ok.jpg").width == 200)
    }

    @Test func dimensionsOverTheLimitAreRefusedBeforeDecoding() throws {
        let dir = TemporaryDirectory()
        try TestPhotos.jpeg(at: dir.file("w.jpg"), width: 3000, height: 2000)
        var limits = AttachmentLimits()
        limits.maxImagePixels = 1_000_000
        #expect(throws: AttachmentError.self) { try Thumbnail.write(from: dir.file("w.jpg"), to: dir.file("t.jpg"), limits: limits, fileName: "w.jpg") }
    }
}
