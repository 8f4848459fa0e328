import CExif

/// What a photo's EXIF says about when and where it was taken, read with libexif — the one
/// place in the product that touches libexif's pointers.
///
/// Hostile or broken EXIF (truncated, zero denominators, minutes ≥ 60, latitudes past 90°,
/// a date that is not a date) is read as "no such metadata": a value is reported only when
/// it can be read exactly, never repaired or guessed. libexif's "follow the specification"
/// option is switched off because it fills missing mandatory tags with defaults — among
/// them the current time as DateTimeOriginal, which would be a guess presented as a fact.
///
/// ## Topics
/// - Reading: ``read(path:)``
/// - Values: ``takenAt``, ``latitude``, ``longitude``
public struct PhotoMetadata: Sendable, Equatable {
    /// DateTimeOriginal as the camera wrote it (camera-local time, no zone): `2024-06-25 14:30:05`.
    public var takenAt: String?
    /// GPS position in decimal degrees (south and west negative), both or neither.
    public var latitude: Double?
    public var longitude: Double?

    public init(takenAt: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.takenAt = takenAt
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Nothing known.
    public static let none = PhotoMetadata()

    /// The EXIF metadata of the JPEG at `path` (PNG and files without EXIF give ``none``).
    public static func read(path: String) -> PhotoMetadata {
        guard let loader = exif_loader_new() else { return .none }
        defer { exif_loader_unref(loader) }
        exif_loader_write_file(loader, path)
        var buffer: UnsafePointer<UInt8>?
        var size: UInt32 = 0
        exif_loader_get_buf(loader, &buffer, &size)
        guard let buffer, size > 0 else { return .none }
        guard let data = exif_data_new() else { return .none }
        defer { exif_data_unref(data) }
        exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION)
        exif_data_load_data(data, buffer, UInt32(size))
        let order = exif_data_get_byte_order(data)

        let exif = content(data, EXIF_IFD_EXIF)
        let gps = content(data, EXIF_IFD_GPS)
        var result = PhotoMetadata()
        if let entry = exif.flatMap({ exif_content_get_entry($0, EXIF_TAG_DATE_TIME_ORIGINAL) }) {
            result.takenAt = dateTime(entry.pointee)
        }
        if let gps {
            let lat = coordinate(gps, value: 0x0002, ref: 0x0001, order: order, positive: "N", negative: "S", limit: 90)
            let lon = coordinate(gps, value: 0x0004, ref: 0x0003, order: order, positive: "E", negative: "W", limit: 180)
            if let lat, let lon {
                result.latitude = lat
                result.longitude = lon
            }
        }
        return result
    }

    private static func content(_ data: UnsafeMutablePointer<ExifData>, _ ifd: ExifIfd) -> UnsafeMutablePointer<ExifContent>? {
        withUnsafePointer(to: &data.pointee.ifd) { tuple in
            tuple.withMemoryRebound(to: UnsafeMutablePointer<ExifContent>?.self, capacity: Int(EXIF_IFD_COUNT.rawValue)) { $0[Int(ifd.rawValue)] }
        }
    }

    /// The entry's bytes, if it has the expected format and at least `count` components.
    private static func bytes(_ entry: ExifEntry, format: ExifFormat, count: Int, unit: Int) -> UnsafeBufferPointer<UInt8>? {
        guard entry.format == format, let pointer = entry.data, Int(entry.components) >= count, Int(entry.size) >= count * unit else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(entry.size))
    }

    /// `YYYY:MM:DD HH:MM:SS` with every field in range, else nil.
    static func dateTime(_ entry: ExifEntry) -> String? {
        guard let raw = bytes(entry, format: EXIF_FORMAT_ASCII, count: 19, unit: 1) else { return nil }
        return dateTime(Array(raw.prefix(19)))
    }

    static func dateTime(_ text: [UInt8]) -> String? {
        guard text.count == 19, text[4] == 0x3A, text[7] == 0x3A, text[10] == 0x20, text[13] == 0x3A, text[16] == 0x3A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard (0x30...0x39).contains(text[i]) else { return nil }
                value = value * 10 + Int(text[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19),
            (1900...2200).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second))"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Degrees, minutes, seconds (three rationals) and an N/S or E/W reference.
    private static func coordinate(
        _ gps: UnsafeMutablePointer<ExifContent>, value: UInt32, ref: UInt32, order: ExifByteOrder, positive: Character, negative: Character,
        limit: Double
    ) -> Double? {
        guard let valueEntry = exif_content_get_entry(gps, ExifTag(rawValue: value)),
            let refEntry = exif_content_get_entry(gps, ExifTag(rawValue: ref)),
            let raw = bytes(valueEntry.pointee, format: EXIF_FORMAT_RATIONAL, count: 3, unit: 8),
            let refBytes = bytes(refEntry.pointee, format: EXIF_FORMAT_ASCII, count: 1, unit: 1),
            let base = raw.baseAddress
        else { return nil }
        var parts: [Double] = []
        for i in 0..<3 {
            let rational = exif_get_rational(base + i * 8, order)
            guard rational.denominator != 0 else { return nil }
            parts.append(Double(rational.numerator) / Double(rational.denominator))
        }
        return decimalDegrees(parts, ref: Character(Unicode.Scalar(refBytes[0])), positive: positive, negative: negative, limit: limit)
    }

    /// Degrees, minutes and seconds → signed decimal degrees, or nil if any part is out of range.
    static func decimalDegrees(_ dms: [Double], ref: Character, positive: Character, negative: Character, limit: Double) -> Double? {
        guard dms.count == 3, dms.allSatisfy({ $0.isFinite && $0 >= 0 }), dms[1] < 60, dms[2] < 60 else { return nil }
        let sign: Double
        switch ref {
        case positive: sign = 1
        case negative: sign = -1
        default: return nil
        }
        let degrees = dms[0] + dms[1] / 60 + dms[2] / 3600
        guard degrees <= limit else { return nil }
        return sign * degrees
    }
}
