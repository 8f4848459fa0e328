import JSON

/// The public site's JSON endpoints and the tips, applications and inspections APIs in the
/// OpenAPI description.
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
            ("/public/api/applications", OpenAPIDocument.get(
                "审批与登记公开 Published applications", "Decided and published approvals and registrations, with what the publication rules allow of the applicant; no sign-in.",
                id: "publicApplications", parameters: [], response: OpenAPIDocument.array)),
            ("/public/api/inspections", OpenAPIDocument.get(
                "双随机抽查公开 Published inspection draws", "Published random-inspection draws with their results; inspectors' names only where the county's setting publishes them; no sign-in.",
                id: "publicInspections", parameters: [], response: OpenAPIDocument.array)),
            ("/api/applications", OpenAPIDocument.get(
                "设置申请 Applications", "Every approval or registration application with its state and working-day deadline (read permission; 403 otherwise).",
                id: "applications", parameters: [], response: OpenAPIDocument.array, restricted: [401, 403])),
            ("/api/applications/{id}", OpenAPIDocument.get(
                "申请详情 One application", "One application with its history (read permission; 403 otherwise).",
                id: "application", parameters: [OpenAPIDocument.pathInteger("id", "申请 id")], response: OpenAPIDocument.object, restricted: [401, 403])),
            ("/api/inspections", OpenAPIDocument.get(
                "双随机抽查 Inspection draws", "Every random-inspection draw with its outfalls, inspectors and results (read permission; 403 otherwise).",
                id: "inspections", parameters: [], response: OpenAPIDocument.array, restricted: [401, 403])),
        ]
    }()
}
