import JSON
import LayerFormats
import OutfallModel
import Siting
import WaterQuality

/// The OpenAPI 3.0 description of the JSON API and the OGC API – Features endpoints, served
/// at `/api/openapi.json` (the landing page's `service-desc`). It is the contract that
/// schemathesis checks the running server against (`Tests/Tools/api_contract.sh`): every
/// limit the server enforces is declared here (enums, minimum/maximum, lengths), every
/// status it answers with is listed with its media type, and arrays are arrays.
///
/// What OpenAPI cannot express is said in the descriptions: a point must lie in the county
/// (400 otherwise), a bbox's minimum may not exceed its maximum (400).
enum OpenAPIDocument {
    static func make(base: String) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        let inCounty = " 坐标须在本县配置范围内，否则 400 (the point must lie in the configured county; 400 otherwise)."
        paths.append(("/api/check", get(
            "核查拟设排污口 Check a proposed outfall",
            "Verdict, findings with legal basis, receiving water, township, approval track." + inCounty,
            id: "checkReport", parameters: [lon, lat, crs, enumQuery("type", "HJ 1312 类型 outfall type", OutfallType.allCases.map(\.rawValue))],
            response: object)))
        paths.append(("/api/snap", get(
            "吸附到河网 Snap a point to the river network", "River, reach, measure, offset, bank, candidates." + inCounty,
            id: "snap", parameters: [lon, lat, crs, number("max_distance", "最大吸附距离 m (default 500)", minimum: 1, maximum: 100_000)],
            response: object)))
        paths.append(("/api/navigate", get(
            "沿河导航 Navigate up- or downstream",
            "Reaches travelled and features met, with network distances. Starts at `outfall`, `intake` or `section` when given, else at lon/lat (which must then snap to the network: 400 otherwise)." + inCounty,
            id: "navigation",
            parameters: [
                integer("outfall", "起点排污口 id", minimum: 1), integer("intake", "起点取水口 id", minimum: 1),
                integer("section", "起点断面 id", minimum: 1), lon, lat, crs,
                enumQuery("direction", "up | down (default down)", ["up", "down"]),
                number("distance_km", "距离 km (default 10)", minimum: 0.001, maximum: 1_000),
                enumQuery("mainstem", "只走干流 mainstem only", ["true", "false"]),
            ], response: object)))
        paths.append(("/api/outfalls", get(
            "排污口列表 Registered outfalls", "Filtered list; visitors see the public fields only.", id: "outfalls",
            parameters: [
                enumList("type", "类型，可重复", OutfallType.allCases.map(\.rawValue)),
                enumList("status", "状态，可重复", OutfallStatus.allCases.map(\.rawValue)),
                enumList("verdict", "核查结论，可重复", Severity.allCases.map(\.rawValue)),
                text("township", "乡镇"), text("river", "河流"), text("name", "名称包含"),
                integer("limit", "最多条数", minimum: 1, maximum: JSONAPI.maximumListLimit),
            ], response: array)))
        paths.append(("/api/outfalls/{id}", get(
            "排污口详情 One outfall", "Attributes, snap, findings, and (signed in) its history.", id: "outfall",
            parameters: [pathInteger("id", "排污口 id")], response: object)))
        paths.append(("/api/outfalls/{id}/dossier", get(
            "一口一档 An outfall's dossier",
            "Identity, lifecycle, siting, derived fields, surveys, traces, units, responsible party, history (viewer and up; 403 otherwise).",
            id: "dossier", parameters: [pathInteger("id", "排污口 id")], response: object, restricted: [401, 403])))
        paths.append(("/api/layers", get("图层与来源 Layers and their provenance", "Feature counts and every import's provenance.", id: "layers", parameters: [], response: array)))
        paths.append(("/api/map/styles", get(
            "地图样式 Map styles", "Styles/styles.json as the web map draws it, with the case-state palette.", id: "mapStyles", parameters: [], response: object)))
        paths.append(("/api/map/layers/{layer}", get(
            "地图图层 A map layer", "The layer as GeoJSON (lon/lat, CGCS2000) with each feature's style_class and label; visitors see public fields.",
            id: "mapLayer", parameters: [pathEnum("layer", "图层", LayerKind.allCases.map(\.rawValue))], response: object, mediaType: "application/geo+json")))
        paths.append(("/api/map/density", get(
            "排污口密度 Outfall density", "Outfalls per km² on a square grid in EPSG:4545 metres; cells without outfalls are left out.",
            id: "mapDensity", parameters: [number("cell_km", "网格边长 km (default 2)", minimum: MapAPI.cellRange.lowerBound, maximum: MapAPI.cellRange.upperBound)],
            response: object, mediaType: "application/geo+json")))
        paths.append(("/api/map/reaches", get(
            "河段排污口密度 Outfalls per river-km", "Each reach's outfalls, length and outfalls per km (unsnapped outfalls as （未吸附）).",
            id: "mapReaches", parameters: [], response: array)))
        let period = [date("from", "起始日期 YYYY-MM-DD"), date("to", "截止日期 YYYY-MM-DD")]
        let signedIn = " Signed in (401 otherwise)."
        paths.append(("/api/monitoring/samples", get(
            "监测数据 Samples", "Stored samples in canonical units, filtered by point and China-local dates." + signedIn, id: "samples",
            parameters: [text("point", "排污口键/编码或断面名称")] + period, response: array, restricted: [401])))
        paths.append(("/api/monitoring/outfalls/{ref}/assessment", get(
            "排污口评价 Outfall assessment", "Standard and grade with reasons; every value judged (limit, exceeds, exceedance_multiple, basis)." + signedIn,
            id: "outfallAssessment", parameters: [pathText("ref", "排污口键或编码")] + period, response: object, restricted: [401])))
        paths.append(("/api/monitoring/outfalls/{ref}/chart.svg", get(
            "监测曲线 Sample chart", "Judged daily values as an SVG line chart with the limit line." + signedIn, id: "chart",
            parameters: [pathText("ref", "排污口键或编码"), enumQuery("parameter", "指标 (default COD)", Parameter.allCases.map(\.rawValue))] + period, response: .object(JSONObject([("type", "string")])),
            mediaType: "image/svg+xml", restricted: [401])))
        paths.append(("/api/monitoring/sections/{name}/assessment", get(
            "断面水质 Section class", "GB 3838 single-factor class against the water-function target." + signedIn, id: "sectionAssessment",
            parameters: [pathText("name", "断面名称")] + period, response: object, restricted: [401])))
        paths.append(("/api/monitoring/sections/{name}/impact", get(
            "负荷贡献 Load delivered to a section", "Upstream outfalls ranked by delivered COD, NH3-N, TP (kg/d) with the model's assumptions." + signedIn,
            id: "impact", parameters: [pathText("name", "断面名称")], response: object, restricted: [401])))
        paths.append(("/api/monitoring/overview", get(
            "监测概况 Overview", "By river and township: outfalls, sampled, exceeding, abnormal; sections' classes." + signedIn, id: "overview",
            parameters: [], response: object, restricted: [401])))
        paths.append(("/api/monitoring/abnormal", get(
            "异常排污口 Abnormal outfalls", "Outfalls with reasons (exceedance, dry-weather discharge, prohibited siting) and reviews." + signedIn,
            id: "abnormal", parameters: [], response: object, restricted: [401])))
        paths.append(("/api/monitoring/alarms", get(
            "设备故障报警 Suspected device faults", "Flat lines, steps, impossible values and gaps, with decisions." + signedIn, id: "alarms",
            parameters: [], response: array, restricted: [401])))
        let asOf = date("as_of", "截至日期 YYYY-MM-DD（默认今天，北京时间）as-of date")
        paths.append(("/api/progress", get(
            "整治进度 Remediation progress", "Abnormal, closed-out, percent against the year's target, as of a date, by group (read permission; 403 otherwise).",
            id: "progress", parameters: [asOf, enumQuery("by", "分组 grouping", ["river", "township", "department", "class", "type"])],
            response: object, restricted: [401, 403])))
        paths.append(("/api/cases", get(
            "整治案件 Remediation cases", "Every case with its state (stable English name and Chinese label) and whether it is overdue on the as-of date (read permission; 403 otherwise).",
            id: "cases", parameters: [asOf], response: array, restricted: [401, 403])))
        paths += LedgerAPI.openAPIPaths
        paths += PublicAPIPaths.paths
        paths.append(("/ogc", get("OGC API – Features landing page", "Links to the API description, conformance and collections.", id: "landing", parameters: [], response: object)))
        paths.append(("/ogc/conformance", get("Conformance classes", "OGC API – Features Part 1 core, GeoJSON, OAS 3.0; Part 2 CRS.", id: "conformance", parameters: [], response: object)))
        paths.append(("/ogc/collections", get("Collections", "Every layer of the registry.", id: "collections", parameters: [], response: object)))
        paths.append(("/ogc/collections/{collectionId}", get("Collection", "One layer.", id: "collection", parameters: [collection], response: object)))
        paths.append(("/ogc/collections/{collectionId}/queryables", get(
            "Queryables", "The properties items can be filtered by (`?name=value`), as JSON Schema.", id: "queryables", parameters: [collection],
            response: object, mediaType: "application/schema+json")))
        paths.append(("/ogc/collections/{collectionId}/items", get(
            "Features",
            "GeoJSON features of a layer, paged with limit/offset and `next` links; any queryable property filters by equality. A limit above \(FeaturesAPI.maximumLimit) is served as \(FeaturesAPI.maximumLimit); a bbox whose minimum exceeds its maximum is a 400.",
            id: "features",
            parameters: [
                collection, integer("limit", "page size (default \(FeaturesAPI.defaultLimit), at most \(FeaturesAPI.maximumLimit) served)", minimum: 1, maximum: Int(Int32.max)),
                integer("offset", "first feature", minimum: 0, maximum: Int(Int32.max)),
                bbox, enumQuery("bbox-crs", "CRS of bbox (default CRS84)", crsValues), enumQuery("crs", "output CRS (default CRS84)", crsValues),
            ], response: object, mediaType: "application/geo+json")))
        paths.append(("/ogc/collections/{collectionId}/items/{featureId}", get(
            "Feature", "One feature.", id: "feature", parameters: [collection, pathText("featureId", "feature id"), enumQuery("crs", "output CRS", crsValues)],
            response: object, mediaType: "application/geo+json")))
        return .object(JSONObject([
            ("openapi", "3.0.3"),
            ("info", .object(JSONObject([
                ("title", "入河排污口登记 Outfall Registry API"), ("version", "1.1"),
                ("description", "排污口核查、河网吸附与导航、图层、地图，及 OGC API – Features。JSON API of the outfall registry. 参数给出时不得为空（如 `limit=`），否则 400 (an empty parameter is a 400)."),
            ]))),
            ("servers", .array([.object(JSONObject([("url", .string(base))]))])),
            ("paths", .object(JSONObject(paths))),
            ("components", .object(JSONObject([
                ("securitySchemes", .object(JSONObject([
                    ("basic", .object(JSONObject([
                        ("type", "http"), ("scheme", "basic"),
                        ("description", "用户名与密码，同网页登录；仅限 HTTPS 或本机 (a user's name and password; HTTPS or loopback only)"),
                    ]))),
                ]))),
                ("schemas", .object(JSONObject([
                    ("Error", .object(JSONObject([
                        ("type", "object"), ("required", .array(["error", "status"])),
                        ("properties", .object(JSONObject([("error", .object(JSONObject([("type", "string")]))), ("status", .object(JSONObject([("type", "integer")])))]))),
                    ]))),
                ]))),
            ]))),
        ]))
    }

    static let object: JSONValue = .object(JSONObject([("type", "object")]))
    static let array: JSONValue = .object(JSONObject([("type", "array"), ("items", .object(JSONObject([("type", "object")])))]))

    /// The CRS names the API accepts (JSON API `crs`): what `JSONAPI.point` allows.
    static let pointCRSValues = ["4490", "4326", "4545", "EPSG:4490", "EPSG:4326", "EPSG:4545", "cgcs2000", "wgs84", "gcj02", "bd09"]
    static var crsValues: [String] { ServedCRS.allCases.map(\.rawValue) + ServedCRS.shortForms.keys.sorted() }

    private static let lon = number("lon", "经度（或所选坐标系的 x）longitude", required: true)
    private static let lat = number("lat", "纬度（或所选坐标系的 y）latitude", required: true)
    private static let crs = enumQuery("crs", "坐标系 (default 4490 CGCS2000)", pointCRSValues)
    private static let collection = pathEnum("collectionId", "图层 collection", LayerKind.allCases.map(\.rawValue))
    private static let bbox: JSONValue = .object(JSONObject([
        ("name", "bbox"), ("in", "query"), ("description", "minx,miny,maxx,maxy (in bbox-crs, default CRS84)"), ("required", false),
        ("style", "form"), ("explode", false),
        ("schema", .object(JSONObject([("type", "array"), ("minItems", 4), ("maxItems", 4), ("items", .object(JSONObject([("type", "number")])))]))),
    ]))

    private static let errorContent: JSONValue = .object(JSONObject([
        ("application/json", .object(JSONObject([("schema", .object(JSONObject([("$ref", "#/components/schemas/Error")])))]))),
    ]))

    private static func errorResponse(_ description: String) -> JSONValue {
        .object(JSONObject([("description", .string(description)), ("content", errorContent)]))
    }

    /// `internal`: the statuses a visitor gets instead (401 or 403).
    static func get(
        _ summary: String, _ description: String, id: String, parameters: [JSONValue], response: JSONValue,
        mediaType: String = "application/json", restricted: [Int] = [], alsoAs: [(String, JSONValue)] = []
    ) -> JSONValue {
        var responses = JSONObject([
            ("200", .object(JSONObject([
                ("description", .string(summary)),
                ("content", .object(JSONObject([(mediaType, .object(JSONObject([("schema", response)])))] + alsoAs.map { ($0.0, .object(JSONObject([("schema", $0.1)]))) }))),
            ]))),
            ("400", errorResponse("参数错误 bad request")),
            ("404", errorResponse("不存在 not found")),
        ])
        // Any operation may be sent Basic credentials: wrong ones are a 401, too many a 429.
        responses["401"] = errorResponse(restricted.isEmpty ? "用户名或密码不正确 wrong credentials" : "未登录或用户名密码不正确 sign in first")
        if restricted.contains(403) { responses["403"] = errorResponse("无权限 not permitted") }
        responses["429"] = errorResponse("登录失败次数过多 too many failed sign-ins")
        // Internal operations need a user (HTTP Basic for programs); public ones take one optionally.
        let security: JSONValue = restricted.isEmpty ? [.object(JSONObject()), ["basic": []]] : [["basic": []]]
        return .object(JSONObject([
            ("get", .object(JSONObject([
                ("summary", .string(summary)), ("description", .string(description)), ("operationId", .string(id)),
                ("parameters", .array(parameters)), ("security", security), ("responses", .object(responses)),
            ]))),
        ]))
    }

    private static func parameter(_ name: String, _ description: String, schema: JSONObject, required: Bool = false, in place: String = "query") -> JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("in", .string(place)), ("description", .string(description)), ("required", .bool(required || place == "path")),
            ("schema", .object(schema)),
        ]))
    }

    static func number(_ name: String, _ description: String, required: Bool = false, minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var schema = JSONObject([("type", "number")])
        if let minimum { schema["minimum"] = .number(minimum) }
        if let maximum { schema["maximum"] = .number(maximum) }
        return parameter(name, description, schema: schema, required: required)
    }

    static func integer(_ name: String, _ description: String, minimum: Int, maximum: Int = Int(Int32.max)) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "integer"), ("minimum", .number(Double(minimum))), ("maximum", .number(Double(maximum)))]))
    }

    static func text(_ name: String, _ description: String) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "string"), ("minLength", 1), ("maxLength", .number(Double(JSONAPI.maximumTextLength)))]))
    }

    static func date(_ name: String, _ description: String) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "string"), ("format", "date")]))
    }

    static func enumQuery(_ name: String, _ description: String, _ values: [String]) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "string"), ("enum", .array(values.map(JSONValue.string)))]))
    }

    static func enumList(_ name: String, _ description: String, _ values: [String]) -> JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("in", "query"), ("description", .string(description)), ("required", false), ("style", "form"), ("explode", true),
            ("schema", .object(JSONObject([
                ("type", "array"), ("items", .object(JSONObject([("type", "string"), ("enum", .array(values.map(JSONValue.string)))]))),
            ]))),
        ]))
    }

    static func pathInteger(_ name: String, _ description: String) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "integer"), ("minimum", 1), ("maximum", .number(Double(Int32.max)))]), in: "path")
    }

    static func pathText(_ name: String, _ description: String) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "string"), ("minLength", 1), ("maxLength", 200)]), in: "path")
    }

    static func pathEnum(_ name: String, _ description: String, _ values: [String]) -> JSONValue {
        parameter(name, description, schema: JSONObject([("type", "string"), ("enum", .array(values.map(JSONValue.string)))]), in: "path")
    }
}
