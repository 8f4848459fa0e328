import GeoKit

/// Why a siting check could not be completed. The check fails closed: a zone that could not
/// be tested is never taken to be "not there", so a possibly prohibited site is never reported
/// clear (see docs/rules.md, "核查失败").
public enum SitingError: Error, Sendable, CustomStringConvertible {
    /// GEOS could not answer `operation` (covers, distance…) for `zone`.
    case zoneNotEvaluated(zone: FindingFeature, operation: String, reason: String)
    /// The place itself has no usable coordinates (not finite after conversion).
    case placeNotEvaluated(String)
    /// The zones or the river targets could not be converted to the metric CRS.
    case crs(CRSError)

    public var description: String {
        switch self {
        case .zoneNotEvaluated(let zone, let operation, let reason):
            "核查未完成：无法判断该位置与“\(zone.name)”（\(zone.label)，编号 \(zone.key)）的关系，"
                + "结果不能当作“未发现问题”。请检查该区域的边界数据（可重新导入或修复后再核查）。"
                + "(siting check could not evaluate zone \(zone.key) — \(operation): \(reason))"
        case .placeNotEvaluated(let coordinates):
            "核查未完成：核查位置的坐标 \(coordinates) 不是有限数值，无法判断 (place has non-finite coordinates)"
        case .crs(let error):
            "核查未完成：坐标转换失败，\(error)"
        }
    }

    /// The zone that could not be evaluated, when one zone was the cause.
    public var zone: FindingFeature? {
        switch self {
        case .zoneNotEvaluated(let zone, _, _): zone
        case .crs, .placeNotEvaluated: nil
        }
    }
}
