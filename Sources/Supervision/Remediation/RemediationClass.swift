/// How an abnormal outfall is dealt with (分类整治, the plan's classes).
public enum RemediationClass: String, Codable, Sendable, CaseIterable {
    /// 依法查处 (national wording 依法取缔): illegal outfalls in drinking-water zones, nature
    /// reserves, special waters.
    case prosecute
    /// 清理合并: scattered outlets joined to the sewer, park outfalls to the park plant, clustered
    /// aquaculture outlets to one.
    case consolidate
    /// 规范整治: 借道排污 cleaned up, bad layout, broken facilities, inspection wells, signboards.
    case regularise
    /// 保留: kept as it is, regularised (signboard, sampling point).
    case retain

    public var label: String {
        switch self {
        case .prosecute: "依法查处"
        case .consolidate: "清理合并"
        case .regularise: "规范整治"
        case .retain: "保留"
        }
    }
}
