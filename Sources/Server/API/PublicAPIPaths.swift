import JSON

/// The public site's JSON endpoints and the tips API in the OpenAPI description.
enum PublicAPIPaths {
    static let paths: [(String, JSONValue)] = [
        ("/public/api/outfalls", operation(
            "公开排污口 Published outfalls (GeoJSON)", "Points with the fields the county's publication setting publishes; no sign-in.",
            "PublicOutfalls", parameters: [], extra: [])),
        ("/public/api/outfalls/{id}", operation(
            "公开排污口详情 One published outfall", "The published fields of one outfall (the signboard QR's page as JSON); no sign-in.",
            "PublicOutfall", parameters: [parameter("id", in: "path", "排污口 id")], extra: [])),
        ("/public/api/stats", operation(
            "公开统计 Published statistics", "Counts by type and river; remediation progress against the 30/70/100 % targets; no sign-in.",
            "PublicStats", parameters: [parameter("as_of", in: "query", "截至日期 YYYY-MM-DD")], extra: [])),
        ("/api/tips", operation(
            "群众举报 Tips (signed in)", "Every tip; `tipster` (name, phone, address) only for roles that handle tips.",
            "Tips", parameters: [], extra: [("403", "未登录或无权 sign in")])),
        ("/api/tips/{id}", operation(
            "举报详情 One tip (signed in)", "One tip; `tipster` only for roles that handle tips.",
            "Tip", parameters: [parameter("id", in: "path", "举报编号")], extra: [("403", "未登录或无权 sign in")])),
    ]

    private static func operation(_ summary: String, _ description: String, _ name: String, parameters: [JSONValue], extra: [(String, String)]) -> JSONValue {
        var responses: [(String, JSONValue)] = [("200", .object(JSONObject([("description", .string(name))])))]
        responses += extra.map { ($0.0, .object(JSONObject([("description", .string($0.1))]))) }
        responses.append(("404", .object(JSONObject([("description", "不存在 not found")]))))
        return .object(JSONObject([
            ("get", .object(JSONObject([
                ("summary", .string(summary)), ("description", .string(description)), ("operationId", .string("public" + name)),
                ("parameters", .array(parameters)), ("responses", .object(JSONObject(responses))),
            ]))),
        ]))
    }

    private static func parameter(_ name: String, in location: String, _ description: String) -> JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("in", .string(location)), ("description", .string(description)), ("required", .bool(location == "path")),
            ("schema", .object(JSONObject([("type", "string")]))),
        ]))
    }
}
