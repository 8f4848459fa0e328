import Foundation

/// A coordinate reference system the registry accepts or writes.
///
/// Storage is always ``cgcs2000`` lon/lat (EPSG:4490); metric work uses
/// ``gaussKruger108`` (EPSG:4545, CGCS2000 3-degree Gauss–Krüger, CM 108°E, no zone prefix).
/// GCJ-02 and BD-09 are the offset lon/lat of Chinese consumer maps; they are accepted only
/// when declared and are converted, never guessed.
public enum CRS: Hashable, Sendable, CustomStringConvertible {
    case epsg(Int)
    /// GCJ-02 ("Mars" coordinates of AMap/高德, Tencent, Ovital's default mode).
    case gcj02
    /// BD-09 (Baidu maps).
    case bd09

    public static let cgcs2000 = CRS.epsg(4490)
    public static let wgs84 = CRS.epsg(4326)
    public static let gaussKruger108 = CRS.epsg(4545)

    /// Reads "4490", "EPSG:4490", "epsg:4545", "urn:ogc:def:crs:EPSG::4490", "CRS84",
    /// "wgs84", "cgcs2000", "gcj02"/"GCJ-02", "bd09"/"BD-09".
    public init(parsing text: String) throws(CRSError) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "gcj02", "gcj-02", "gcj", "mars": self = .gcj02; return
        case "bd09", "bd-09", "baidu": self = .bd09; return
        case "wgs84", "wgs-84", "crs84", "urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84",
            "http://www.opengis.net/def/crs/ogc/1.3/crs84":
            self = .wgs84; return
        case "cgcs2000": self = .cgcs2000; return
        default: break
        }
        let digits: Substring
        if let range = t.range(of: "epsg::", options: .backwards) ?? t.range(of: "epsg:", options: .backwards) {
            digits = t[range.upperBound...]
        } else if let range = t.range(of: "/epsg/0/", options: .backwards) {
            digits = t[range.upperBound...]
        } else {
            digits = Substring(t)
        }
        guard let code = Int(digits), code > 0 else { throw .unrecognised(text) }
        self = .epsg(code)
    }

    public var description: String {
        switch self {
        case .epsg(let code): "EPSG:\(code)"
        case .gcj02: "GCJ-02"
        case .bd09: "BD-09"
        }
    }

    /// Whether coordinates in this CRS are longitude/latitude degrees, for the CRSs the
    /// registry knows; other EPSG codes are asked of PROJ by ``CoordinateTransformer``.
    public var isKnownGeographic: Bool {
        switch self {
        case .gcj02, .bd09: true
        case .epsg(let code): [4490, 4326, 4214, 4610].contains(code)
        }
    }
}

/// Why coordinates could not be converted.
public enum CRSError: Error, Equatable, Sendable, CustomStringConvertible {
    case unrecognised(String)
    case unknownEPSG(Int, String)
    case transformFailed(CRS, CRS, String)

    public var description: String {
        switch self {
        case .unrecognised(let text):
            "无法识别的坐标系“\(text)”：请给出 EPSG 代码（如 4490、4545）或 gcj02 (unrecognised CRS)"
        case .unknownEPSG(let code, let reason):
            "PROJ 不认识坐标系 EPSG:\(code)：\(reason) (unknown CRS)"
        case .transformFailed(let from, let to, let reason):
            "坐标从 \(from) 转换到 \(to) 失败：\(reason) (transformation failed)"
        }
    }
}
