import OutfallModel

/// The properties exports write, with their Chinese labels (CSV headers, KML schema display
/// names, balloons) and their dBase names (Shapefile fields may have at most 10 bytes).
/// docs/formats.md lists them.
public enum FieldCatalog {
    public static let labels: [String: String] = [
        "registry_key": "登记键", "name": "名称", "type": "类型代码", "type_label": "类型", "category_label": "大类",
        "status": "状态代码", "status_label": "状态", "national_code": "国家编码", "local_code": "本地编码",
        "responsible": "责任主体", "township": "所属乡镇", "river": "受纳河流", "reach_id": "河段", "measure_m": "里程（米）",
        "bank": "岸别代码", "bank_label": "岸别", "offset_m": "离中心线（米）", "snap_status": "吸附状态",
        "verdict": "判定代码", "verdict_label": "判定", "rules": "规则", "basis": "依据",
        "approval_track": "办理方式代码", "approval_track_label": "办理方式", "kind": "类别代码", "kind_label": "类别",
        "level": "级别代码", "level_label": "级别", "target_class": "目标水质", "attains": "是否达标", "adcode": "区划代码",
        "reach_code": "河段编码", "origin_crs": "原始坐标系", "schematic": "示意数据", "lon": "经度", "lat": "纬度", "x": "X", "y": "Y",
        "id": "编号", "wkt": "几何(WKT)",
    ]

    /// What a balloon shows, per layer, in order.
    public static func balloonFields(_ layer: LayerKind) -> [String] {
        switch layer {
        case .outfalls:
            ["name", "type_label", "status_label", "responsible", "local_code", "national_code", "township", "river", "bank_label",
             "verdict_label", "basis", "approval_track_label"]
        case .zones: ["name", "kind_label", "level_label", "target_class", "attains"]
        case .rivers: ["name", "reach_id"]
        case .intakes: ["name"]
        case .sections: ["name", "kind_label"]
        case .areas: ["name", "adcode", "level_label"]
        }
    }

    /// dBase field names for the properties whose names are longer than 10 bytes.
    public static let dbaseNames: [String: String] = [
        "registry_key": "reg_key", "category_label": "category", "status_label": "status_lbl", "national_code": "nat_code",
        "responsible": "responsibl", "snap_status": "snap_state", "verdict_label": "verdict_lb", "approval_track": "approval",
        "approval_track_label": "approv_lbl", "target_class": "target", "level_label": "level_lbl", "origin_crs": "origin_crs",
    ]

    public static func label(_ key: String) -> String { labels[key] ?? key }

    /// Properties an export adds that the registry derives (labels, snaps, verdicts): when an
    /// exported file comes back (its features carry `registry_key`), these are recomputed,
    /// not kept as the feature's own properties.
    public static func derived(_ layer: LayerKind) -> Set<String> {
        var names: Set<String> = ["kind_label", "level_label", "origin_crs"]
        if layer == .outfalls {
            names.formUnion([
                "type_label", "category_label", "status_label", "approval_track", "approval_track_label", "township", "river",
                "reach_id", "measure_m", "bank", "bank_label", "offset_m", "snap_status", "verdict", "verdict_label", "rules", "basis",
            ])
        }
        return names
    }
}
