import JSON

/// The OpenAPI 3.0 description of the JSON API and the OGC API – Features endpoints, served
/// at `/api/openapi.json` (the landing page's `service-desc`).
enum OpenAPIDocument {
    static func make(base: String) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        paths.append(("/api/check", get(
            "核查拟设排污口 Check a proposed outfall",
            "Verdict, findings with legal basis, receiving water, township, approval track.",
            parameters: [lon, lat, crs, query("type", "HJ 1312 类型（中文名或枚举名）outfall type")],
            response: "CheckReport")))
        paths.append(("/api/snap", get(
            "吸附到河网 Snap a point to the river network", "River, reach, measure, offset, bank, candidates.",
            parameters: [lon, lat, crs, query("max_distance", "最大吸附距离 m (default 500)", type: "number")], response: "Snap")))
        paths.append(("/api/navigate", get(
            "沿河导航 Navigate up- or downstream", "Reaches travelled and features met, with network distances.",
            parameters: [
                query("outfall", "起点排污口 id", type: "integer"), query("intake", "起点取水口 id", type: "integer"),
                query("section", "起点断面 id", type: "integer"), query("lon", "起点经度", type: "number"),
                query("lat", "起点纬度", type: "number"), crs,
                query("direction", "up | down", enumeration: ["up", "down"]), query("distance_km", "距离 km (default 10)", type: "number"),
                query("mainstem", "只走干流 mainstem only", type: "boolean"),
            ], response: "Navigation")))
        paths.append(("/api/outfalls", get(
            "排污口列表 Registered outfalls", "Filtered list; visitors see the public fields only.",
            parameters: [
                query("type", "类型，可重复"), query("status", "状态，可重复"), query("verdict", "核查结论，可重复"),
                query("township", "乡镇"), query("river", "河流"), query("name", "名称包含"), query("limit", "最多条数", type: "integer"),
            ], response: "Outfalls")))
        paths.append(("/api/outfalls/{id}", get(
            "排污口详情 One outfall", "Attributes, snap, findings, and (signed in) its history.",
            parameters: [path("id", "排污口 id")], response: "Outfall")))
        paths.append(("/api/outfalls/{id}/dossier", get(
            "一口一档 An outfall's dossier", "Identity, lifecycle, siting, derived fields, surveys, traces, units, responsible party, history (viewer and up; 403 otherwise).",
            parameters: [path("id", "排污口 id")], response: "Dossier")))
        paths.append(("/api/layers", get("图层与来源 Layers and their provenance", "Feature counts and every import's provenance.", parameters: [], response: "Layers")))
        let period = [query("from", "起始日期 YYYY-MM-DD"), query("to", "截止日期 YYYY-MM-DD")]
        paths.append(("/api/monitoring/samples", get(
            "监测数据 Samples (signed in)", "Stored samples in canonical units, filtered by point and China-local dates.",
            parameters: [query("point", "排污口键/编码或断面名称")] + period, response: "Samples")))
        paths.append(("/api/monitoring/outfalls/{ref}/assessment", get(
            "排污口评价 Outfall assessment (signed in)", "Standard and grade with reasons; every value judged (limit, exceeds, exceedance_multiple, basis).",
            parameters: [path("ref", "排污口键或编码")] + period, response: "OutfallAssessment")))
        paths.append(("/api/monitoring/outfalls/{ref}/chart.svg", get(
            "监测曲线 Sample chart (signed in)", "Judged daily values as an SVG line chart with the limit line.",
            parameters: [path("ref", "排污口键或编码"), query("parameter", "指标 (default COD)")] + period, response: "Chart", mediaType: "image/svg+xml")))
        paths.append(("/api/monitoring/sections/{name}/assessment", get(
            "断面水质 Section class (signed in)", "GB 3838 single-factor class against the water-function target.",
            parameters: [path("name", "断面名称")] + period, response: "SectionAssessment")))
        paths.append(("/api/monitoring/sections/{name}/impact", get(
            "负荷贡献 Load delivered to a section (signed in)", "Upstream outfalls ranked by delivered COD, NH3-N, TP (kg/d) with the model's assumptions.",
            parameters: [path("name", "断面名称")], response: "Impact")))
        paths.append(("/api/monitoring/overview", get(
            "监测概况 Overview (signed in)", "By river and township: outfalls, sampled, exceeding, abnormal; sections' classes.", parameters: [],
            response: "Overview")))
        paths.append(("/api/monitoring/abnormal", get(
            "异常排污口 Abnormal outfalls (signed in)", "Outfalls with reasons (exceedance, dry-weather discharge, prohibited siting) and reviews.",
            parameters: [], response: "Abnormal")))
        paths.append(("/api/monitoring/alarms", get(
            "设备故障报警 Suspected device faults (signed in)", "Flat lines, steps, impossible values and gaps, with decisions.", parameters: [],
            response: "Alarms")))
        paths.append(("/ogc", get("OGC API – Features landing page", "Links to the API description, conformance and collections.", parameters: [], response: "Landing")))
        paths.append(("/ogc/conformance", get("Conformance classes", "OGC API – Features Part 1 core, GeoJSON, OAS 3.0; Part 2 CRS.", parameters: [], response: "Conformance")))
        paths.append(("/ogc/collections", get("Collections", "Every layer of the registry.", parameters: [], response: "Collections")))
        paths.append(("/ogc/collections/{collectionId}", get("Collection", "One layer.", parameters: [collection], response: "Collection")))
        paths.append(("/ogc/collections/{collectionId}/items", get(
            "Features", "GeoJSON features of a layer, paged with limit/offset and `next` links; any property name filters by equality.",
            parameters: [
                collection, query("limit", "page size (1–10000, default 100)", type: "integer"), query("offset", "first feature", type: "integer"),
                query("bbox", "minx,miny,maxx,maxy (in bbox-crs, default CRS84)"), query("bbox-crs", "CRS of bbox"),
                query("crs", "output CRS: CRS84, EPSG 4490, EPSG 4545"),
            ], response: "FeatureCollection", mediaType: "application/geo+json")))
        paths.append(("/ogc/collections/{collectionId}/items/{featureId}", get(
            "Feature", "One feature.", parameters: [collection, path("featureId", "feature id"), query("crs", "output CRS")],
            response: "Feature", mediaType: "application/geo+json")))
        paths += LedgerAPI.openAPIPaths
        paths += PublicAPIPaths.paths
        return .object(JSONObject([
            ("openapi", "3.0.3"),
            ("info", .object(JSONObject([
                ("title", "入河排污口登记 Outfall Registry API"), ("version", "1.0"),
                ("description", "排污口核查、河网吸附与导航、图层，及 OGC API – Features。JSON API of the outfall registry."),
            ]))),
            ("servers", .array([.object(JSONObject([("url", .string(base))]))])),
            ("paths", .object(JSONObject(paths))),
        ]))
    }

    private static let lon = query("lon", "经度（或所选坐标系的 x）longitude", type: "number", required: true)
    private static let lat = query("lat", "纬度 latitude", type: "number", required: true)
    private static let crs = query("crs", "坐标系：4490（默认）、4326、4545、gcj02、bd09")
    private static let collection = path("collectionId", "rivers | zones | intakes | sections | areas | outfalls")

    private static func get(_ summary: String, _ description: String, parameters: [JSONValue], response: String, mediaType: String = "application/json") -> JSONValue {
        .object(JSONObject([
            ("get", .object(JSONObject([
                ("summary", .string(summary)), ("description", .string(description)), ("operationId", .string(response.prefix(1).lowercased() + response.dropFirst())),
                ("parameters", .array(parameters)),
                ("responses", .object(JSONObject([
                    ("200", .object(JSONObject([
                        ("description", .string(response)),
                        ("content", .object(JSONObject([(mediaType, .object(JSONObject([("schema", .object(JSONObject([("type", "object")])))])))]))),
                    ]))),
                    ("400", .object(JSONObject([("description", "参数错误 bad request ({\"error\": message})")]))),
                    ("404", .object(JSONObject([("description", "不存在 not found")]))),
                ]))),
            ]))),
        ]))
    }

    private static func query(_ name: String, _ description: String, type: String = "string", required: Bool = false, enumeration: [String]? = nil) -> JSONValue {
        var schema = JSONObject([("type", .string(type))])
        if let enumeration { schema["enum"] = .array(enumeration.map(JSONValue.string)) }
        return .object(JSONObject([
            ("name", .string(name)), ("in", "query"), ("description", .string(description)), ("required", .bool(required)),
            ("schema", .object(schema)),
        ]))
    }

    private static func path(_ name: String, _ description: String) -> JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("in", "path"), ("description", .string(description)), ("required", true),
            ("schema", .object(JSONObject([("type", "string")]))),
        ]))
    }
}
