import Foundation

/// Test photos made by independent tools: Pillow draws the JPEG, exiftool writes the EXIF
/// (DateTimeOriginal and GPS as degrees/minutes/seconds rationals with N/E refs).
public enum TestPhotos {
    /// Writes a `width`×`height` JPEG at `path`, with EXIF GPS and time when given.
    public static func jpeg(
        at path: String, width: Int = 64, height: Int = 48, latitude: Double? = nil, longitude: Double? = nil, takenAt: String? = nil
    ) throws {
        let draw = try Shell.run("python3", [
            "-c", "import sys; from PIL import Image; Image.new('RGB', (int(sys.argv[2]), int(sys.argv[3])), (90, 140, 200)).save(sys.argv[1], 'JPEG')",
            path, String(width), String(height),
        ])
        guard draw.status == 0 else { throw Failure(message: "Pillow: \(draw.stderr)") }
        var tags: [String] = []
        if let latitude, let longitude {
            tags += [
                "-GPSLatitude=\(abs(latitude))", "-GPSLatitudeRef=\(latitude >= 0 ? "N" : "S")",
                "-GPSLongitude=\(abs(longitude))", "-GPSLongitudeRef=\(longitude >= 0 ? "E" : "W")",
            ]
        }
        if let takenAt { tags.append("-DateTimeOriginal=\(takenAt)") }
        guard !tags.isEmpty else { return }
        let tag = try Shell.run("exiftool", ["-q", "-overwrite_original"] + tags + [path])
        guard tag.status == 0 else { throw Failure(message: "exiftool: \(tag.stderr)") }
    }

    /// What exiftool reads back: numeric GPS (signed degrees) and DateTimeOriginal.
    public static func exiftoolReading(_ path: String) throws -> (latitude: Double?, longitude: Double?, takenAt: String?) {
        let result = try Shell.run("exiftool", ["-n", "-j", "-GPSLatitude", "-GPSLongitude", "-DateTimeOriginal", path])
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
            let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]], let first = array.first
        else { throw Failure(message: "exiftool: \(result.stderr)") }
        return (first["GPSLatitude"] as? Double, first["GPSLongitude"] as? Double, first["DateTimeOriginal"] as? String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
