import Foundation
import Testing
import TestSupport
@testable import Attachments

/// EXIF read by libexif against what exiftool wrote; hostile files read as "no metadata".
struct PhotoMetadataTests {
    @Test func gpsAndTimeReadBackEqualWhatExiftoolWrote() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a.jpg")
        try TestPhotos.jpeg(at: path, latitude: 24.620_123, longitude: 109.239_456, takenAt: "2024:06:25 10:15:30")
        let written = try TestPhotos.exiftoolReading(path)
        let read = PhotoMetadata.read(path: path)
        let lat = try #require(read.latitude), lon = try #require(read.longitude)
        let wantLat = try #require(written.latitude), wantLon = try #require(written.longitude)
        #expect(abs(lat - wantLat) < 1e-9 && abs(lon - wantLon) < 1e-9)
        #expect(abs(lat - 24.620_123) < 1e-6 && abs(lon - 109.239_456) < 1e-6)
        #expect(read.takenAt == "2024-06-25 10:15:30")
        #expect(written.takenAt == "2024:06:25 10:15:30")
    }

    @Test func southAndWestAreNegative() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("s.jpg")
        try TestPhotos.jpeg(at: path, latitude: -33.5, longitude: -70.25)
        let read = PhotoMetadata.read(path: path)
        #expect(read.latitude == -33.5 && read.longitude == -70.25)
        #expect(read.takenAt == nil)
    }

    /// libexif's "follow the specification" would invent DateTimeOriginal = now; we switch it off.
    @Test func aPhotoWithoutExifHasNoMetadataNotAGuess() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("plain.jpg")
        try TestPhotos.jpeg(at: path)
        #expect(PhotoMetadata.read(path: path) == .none)
        #expect(PhotoMetadata.read(path: dir.file("missing.jpg")) == .none)
    }

    @Test func truncatedAndMangledExifDoesNotCrash() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a.jpg")
        try TestPhotos.jpeg(at: path, latitude: 24.62, longitude: 109.24, takenAt: "2024:06:25 10:15:30")
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        // Cut inside the EXIF segment, and flip bytes across it: whatever is read must be in range or absent.
        var generator = SystemRandomNumberGenerator()
        for cut in stride(from: 4, to: min(bytes.count, 400), by: 7) {
            let mangled = dir.file("cut.jpg")
            FileManager.default.createFile(atPath: mangled, contents: Data(bytes.prefix(cut)))
            check(PhotoMetadata.read(path: mangled))
        }
        for _ in 0..<300 {
            var copy = bytes
            for _ in 0..<8 { copy[Int.random(in: 2..<min(copy.count, 300), using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            let mangled = dir.file("flip.jpg")
            FileManager.default.createFile(atPath: mangled, contents: Data(copy))
            check(PhotoMetadata.read(path: mangled))
        }
    }

    private func check(_ m: PhotoMetadata) {
        if let lat = m.latitude { #expect(abs(lat) <= 90) }
        if let lon = m.longitude { #expect(abs(lon) <= 180) }
        #expect((m.latitude == nil) == (m.longitude == nil))
        if let t = m.takenAt { #expect(t.count == 19) }
    }

    @Test func outOfRangeDegreesMinutesSecondsAreRefused() {
        #expect(PhotoMetadata.decimalDegrees([24, 37, 12], ref: "N", positive: "N", negative: "S", limit: 90) == 24 + 37.0 / 60 + 12.0 / 3600)
        #expect(PhotoMetadata.decimalDegrees([24, 60, 0], ref: "N", positive: "N", negative: "S", limit: 90) == nil)
        #expect(PhotoMetadata.decimalDegrees([24, 0, 61], ref: "N", positive: "N", negative: "S", limit: 90) == nil)
        #expect(PhotoMetadata.decimalDegrees([91, 0, 0], ref: "N", positive: "N", negative: "S", limit: 90) == nil)
        #expect(PhotoMetadata.decimalDegrees([24, 0, 0], ref: "X", positive: "N", negative: "S", limit: 90) == nil)
        #expect(PhotoMetadata.decimalDegrees([.nan, 0, 0], ref: "N", positive: "N", negative: "S", limit: 90) == nil)
        #expect(PhotoMetadata.dateTime(Array("2024:02:30 10:00:00".utf8)) == nil)
        #expect(PhotoMetadata.dateTime(Array("2024:02:29 23:59:59".utf8)) == "2024-02-29 23:59:59")
        #expect(PhotoMetadata.dateTime(Array("    :  :     :  :  ".utf8)) == nil)
    }
}

/// Pixel sizes from headers alone, so a decompression bomb is refused before decoding.
struct ImageHeaderTests {
    @Test func jpegFrameHeaderGivesTheSizePillowDrew() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a.jpg")
        try TestPhotos.jpeg(at: path, width: 321, height: 123, latitude: 24.6, longitude: 109.2, takenAt: "2024:06:25 10:00:00")
        let header = try ImageHeader.read(path: path, type: .jpeg, fileName: "a.jpg")
        #expect(header == ImageHeader(width: 321, height: 123))
        #expect(header.problem(under: AttachmentLimits()) == nil)
    }

    @Test func aPNGClaiming50000SquaredIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("bomb.png")
        FileManager.default.createFile(atPath: path, contents: Data(Self.pngHeader(width: 50_000, height: 50_000)))
        let header = try ImageHeader.read(path: path, type: .png, fileName: "bomb.png")
        #expect(header == ImageHeader(width: 50_000, height: 50_000))
        #expect(header.problem(under: AttachmentLimits()) != nil)
    }

    @Test func aJPEGWithoutFrameIsBad() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("x.jpg")
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9]))
        #expect(throws: AttachmentError.self) { try ImageHeader.read(path: path, type: .jpeg, fileName: "x.jpg") }
    }

    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + be(width) + be(height) + [8, 2, 0, 0, 0, 0, 0, 0, 0]
    }
}
