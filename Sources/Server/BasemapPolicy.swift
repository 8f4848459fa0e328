/// Which tile basemaps the map may lay under the registry's data. Our data are CGCS2000
/// (≈ WGS84 at map scale); 天地图 and any bureau WMTS/XYZ in CGCS2000 or WGS84 line up with it.
/// Tiles from 高德/腾讯 (GCJ-02) or 百度 (BD-09) are shifted by up to ~500 m: under them a
/// zone boundary or an outfall would be drawn in the wrong place, and a click would check
/// the wrong spot. Rather than re-project every layer for display (and have a click mean two
/// different places), such services are refused, naming the reason.
public enum BasemapPolicy {
    /// Hosts known to serve GCJ-02 or BD-09 tiles, and what they are.
    static let shiftedHosts: [(suffix: String, name: String)] = [
        ("autonavi.com", "高德 AMap (GCJ-02)"), ("amap.com", "高德 AMap (GCJ-02)"),
        ("gtimg.com", "腾讯地图 Tencent (GCJ-02)"), ("map.qq.com", "腾讯地图 Tencent (GCJ-02)"),
        ("bdimg.com", "百度地图 Baidu (BD-09)"), ("map.baidu.com", "百度地图 Baidu (BD-09)"), ("bdstatic.com", "百度地图 Baidu (BD-09)"),
        ("google.cn", "Google 中国 (GCJ-02)"),
    ]

    /// Nil when the template may be used; otherwise why not (Chinese and English).
    public static func problem(with template: String) -> String? {
        guard template.count <= 2_000 else { return "底图地址过长（≤ 2000 字符）(basemap URL too long)" }
        guard template.hasPrefix("https://") || template.hasPrefix("http://") else {
            return "底图地址应以 http:// 或 https:// 开头 (basemap URL must be http or https)"
        }
        guard template.contains("{z}"), template.contains("{x}"), template.contains("{y}") else {
            return "底图地址应含 {z}、{x}、{y}（XYZ；WMTS KVP 写作 TILEMATRIX={z}&TILEROW={y}&TILECOL={x}）(basemap URL needs {z} {x} {y})"
        }
        guard let origin = SecurityHeadersMiddleware<OutfallRequestContext>.origin(of: template) else {
            return "底图地址的主机名无法识别 (basemap host not recognised)"
        }
        let host = origin.split(separator: "/").last.map { String($0.split(separator: ":").first ?? "") }?.lowercased() ?? ""
        for entry in shiftedHosts where host == entry.suffix || host.hasSuffix("." + entry.suffix) {
            return "不支持 \(entry.name) 瓦片：其坐标经过加偏，本系统数据为 CGCS2000，叠加会错位数百米；请用天地图（--tianditu-key）或本局 CGCS2000/WGS84 瓦片服务 (shifted tiles refused: use Tianditu or a CGCS2000/WGS84 service)"
        }
        return nil
    }

    /// A Tianditu key is 32 hex digits; anything else would end up in a URL and a header.
    public static func problem(withTiandituKey key: String) -> String? {
        key.count == 32 && key.allSatisfy(\.isHexDigit) ? nil : "天地图密钥应为 32 位十六进制字符 (a Tianditu key is 32 hex digits)"
    }
}
