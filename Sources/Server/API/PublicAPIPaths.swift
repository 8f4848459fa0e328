import JSON

/// The public site's JSON endpoints and the tips API in the OpenAPI description.
enum PublicAPIPaths {
    static let paths: [(String, JSONValue)] = {
        let id = OpenAPIDocument.pathInteger("id", "排污口 id")
        return [
            ("/public/api/outfalls", OpenAPIDocument.get(
                "公开排污口 Published outfalls (GeoJSON)", "Points with the fields the county's publication setting publishes; no sign-in.",
                id: "publicOutfalls", parameters: [], response: OpenAPIDocument.object, mediaType: "application/geo+json")),
            ("/public/api/outfalls/{id}", OpenAPIDocument.get(
                "公开排污口详情 One published outfall", "The published fields of one outfall (the signboard QR's page as JSON); no sign-in.",
                id: "publicOutfall", parameters: [id], response: OpenAPIDocument.object)),
            ("/public/api/stats", OpenAPIDocument.get(
                "公开统计 Published statistics", "Counts by type and river; remediation progress against the 30/70/100 % targets; no sign-in.",
                id: "publicStats", parameters: [OpenAPIDocument.date("as_of", "截至日期 YYYY-MM-DD")], response: OpenAPIDocument.object)),
            ("/api/tips", OpenAPIDocument.get(
                "群众举报 Tips", "Every tip; `tipster` (name, phone, address) only for roles that handle tips. Signed in (401 otherwise).",
                id: "tips", parameters: [], response: OpenAPIDocument.array, restricted: [401, 403])),
            ("/api/tips/{id}", OpenAPIDocument.get(
                "举报详情 One tip", "One tip; `tipster` only for roles that handle tips. Signed in (401 otherwise).",
                id: "tip", parameters: [OpenAPIDocument.pathInteger("id", "举报 id")], response: OpenAPIDocument.object, restricted: [401, 403])),
        ]
    }()
}
