import Foundation

/// The GCJ-02 and BD-09 offsets of Chinese consumer maps, as published in the widely used
/// open-source "eviltransform" algorithm. The forward direction (WGS84 → GCJ-02) is the
/// official obfuscation formula; the reverse has no closed form and is solved by iteration
/// to better than 1 mm. Near Liucheng the offset is about 500 m.
public enum ChinaOffset {
    private static let a = 6378245.0
    private static let ee = 0.00669342162296594323

    /// Outside mainland China the maps apply no offset.
    public static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.lon < 72.004 || c.lon > 137.8347 || c.lat < 0.8293 || c.lat > 55.8271
    }

    private static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func transformLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }

    private static func offset(_ c: Coordinate) -> (dLon: Double, dLat: Double) {
        var dLat = transformLat(c.lon - 105.0, c.lat - 35.0)
        var dLon = transformLon(c.lon - 105.0, c.lat - 35.0)
        let radLat = c.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLon, dLat)
    }

    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        if isOutsideChina(c) { return c }
        let d = offset(c)
        return Coordinate(lon: c.lon + d.dLon, lat: c.lat + d.dLat)
    }

    /// Inverts ``wgs84ToGCJ02(_:)`` by fixed-point iteration (converges in a few steps
    /// because the offset varies slowly).
    public static func gcj02ToWGS84(_ c: Coordinate) -> Coordinate {
        if isOutsideChina(c) { return c }
        var guess = c
        for _ in 0..<30 {
            let forward = wgs84ToGCJ02(guess)
            let dx = c.lon - forward.lon
            let dy = c.lat - forward.lat
            guess = Coordinate(lon: guess.lon + dx, lat: guess.lat + dy)
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return guess
    }

    private static let xPi = Double.pi * 3000.0 / 180.0

    public static func gcj02ToBD09(_ c: Coordinate) -> Coordinate {
        let z = (c.lon * c.lon + c.lat * c.lat).squareRoot() + 0.00002 * sin(c.lat * xPi)
        let theta = atan2(c.lat, c.lon) + 0.000003 * cos(c.lon * xPi)
        return Coordinate(lon: z * cos(theta) + 0.0065, lat: z * sin(theta) + 0.006)
    }

    public static func bd09ToGCJ02(_ c: Coordinate) -> Coordinate {
        let x = c.lon - 0.0065
        let y = c.lat - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return Coordinate(lon: z * cos(theta), lat: z * sin(theta))
    }
}
