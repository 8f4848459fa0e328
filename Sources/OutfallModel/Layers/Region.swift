import GeoKit

/// The area a registry covers. Points outside it are refused: they are almost always
/// swapped latitude/longitude, zeros, or projected coordinates declared as degrees.
public struct Region: Hashable, Sendable {
    public var name: String
    /// Longitude/latitude bounds (CGCS2000).
    public var envelope: Envelope

    public init(name: String, envelope: Envelope) {
        self.name = name
        self.envelope = envelope
    }

    /// Liucheng County (about 108.83–109.60 E, 24.43–24.83 N) with a 0.05° margin
    /// (about 5 km) so that features on the county line are not refused.
    public static let liucheng = Region(
        name: "柳城县", envelope: Envelope(minX: 108.78, minY: 24.38, maxX: 109.65, maxY: 24.88))

    public func problem(with c: Coordinate) -> RegionProblem? {
        if envelope.contains(c) { return nil }
        if c.x == 0 && c.y == 0 { return .zero }
        if envelope.contains(Coordinate(x: c.y, y: c.x)) { return .swapped(regionName: name) }
        if abs(c.x) > 180 || abs(c.y) > 90 { return .notDegrees }
        return .outside(regionName: name, envelope: envelope)
    }
}

public enum RegionProblem: Hashable, Sendable, CustomStringConvertible {
    case zero
    case swapped(regionName: String)
    case notDegrees
    case outside(regionName: String, envelope: Envelope)

    public var description: String {
        switch self {
        case .zero:
            "坐标为 (0, 0)，多半是缺失值 (zero coordinates)"
        case .swapped(let name):
            "交换经纬度后落在\(name)内，疑似经纬度颠倒，请按“经度, 纬度”顺序提供 (latitude and longitude swapped?)"
        case .notDegrees:
            "数值超出经纬度范围，可能是投影坐标（米）：请用 --crs 声明坐标系，如 --crs 4545 (projected coordinates without --crs?)"
        case .outside(let name, let e):
            "\(name)范围为经度 \(e.minX)–\(e.maxX)、纬度 \(e.minY)–\(e.maxY) (outside the region)"
        }
    }
}
