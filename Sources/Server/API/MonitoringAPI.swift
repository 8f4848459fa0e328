import Foundation
import Hummingbird
import JSON
import Registry
import RegistryStore
import Supervision
import WaterQuality
import Workflows

/// Monitoring under `/api/monitoring`: samples, assessments, abnormal outfalls, alarms,
/// impact, and an SVG chart of an outfall's series with its limit line — the same data as
/// the CLI's `--format json`. Signed-in users only: samples and abnormal lists are working
/// material, not public disclosure.
struct MonitoringAPI: Sendable {
    let service: RegistryService
    let role: @Sendable (Request) async throws -> Role

    func register(on router: Router<OutfallRequestContext>) {
        let api = self
        router.get("/api/monitoring/samples") { request, _ in
            let q = Query(request)
            return try await api.ledger(request) { l in .array(try l.samples(point: q["point"], from: q["from"], to: q["to"]).map(\.json)) }
        }
        router.get("/api/monitoring/outfalls/:ref/assessment") { request, context in
            let ref = context.parameters.get("ref") ?? ""
            let q = Query(request)
            return try await api.ledger(request) { l in try l.assessOutfall(ref, from: q["from"], to: q["to"]).json }
        }
        router.get("/api/monitoring/sections/:name/assessment") { request, context in
            let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
            let q = Query(request)
            return try await api.ledger(request) { l in try l.assessSection(name, from: q["from"], to: q["to"]).json }
        }
        router.get("/api/monitoring/sections/:name/impact") { request, context in
            let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
            return try await api.ledger(request) { l in try l.impact(section: name).json }
        }
        router.get("/api/monitoring/overview") { request, _ in try await api.ledger(request) { l in try l.monitoringOverview().json } }
        router.get("/api/monitoring/abnormal") { request, _ in try await api.ledger(request) { l in try l.derivedAbnormalOutfalls().json } }
        router.get("/api/monitoring/alarms") { request, _ in try await api.ledger(request) { l in .array(try l.alarms().map(\.json)) } }
        router.get("/api/monitoring/outfalls/:ref/chart.svg") { request, context in
            try await api.chart(request, reference: context.parameters.get("ref") ?? "")
        }
    }

    private func requireSignedIn(_ request: Request) async throws {
        guard try await role(request) != .public else { throw ClientError(status: .unauthorized, message: "请先登录 (sign in first)") }
    }

    private func ledger(_ request: Request, _ body: @escaping @Sendable (Ledger) throws -> JSONValue) async throws -> Response {
        try await requireSignedIn(request)
        let value = try await service.run { registry in
            do { return try body(Ledger(registry: registry)) } catch let error as LedgerError { throw Self.clientError(error) }
        }
        return Responses.json(value)
    }

    static func clientError(_ error: LedgerError) -> ClientError {
        switch error {
        case .notFound: .notFound("\(error)")
        case .refused, .illegalTransition: .badRequest("\(error)")
        case .corrupt, .storage: ClientError(status: .internalServerError, message: "\(error)")
        }
    }

    /// The daily values of one parameter (`?parameter=COD`, default COD) with the limit line.
    func chart(_ request: Request, reference: String) async throws -> Response {
        try await requireSignedIn(request)
        let q = Query(request)
        guard let parameter = Parameter(parsing: q["parameter"] ?? "COD") else { throw ClientError.badRequest("不认识的指标 (unknown parameter)") }
        let assessment = try await service.run { registry in
            do { return try Ledger(registry: registry).assessOutfall(reference, from: q["from"], to: q["to"]) } catch let error as LedgerError {
                throw Self.clientError(error)
            }
        }
        let points = assessment.judgements.filter { $0.parameter == parameter }
        return Responses.body(
            SampleChartSVG.render(
                title: "\(assessment.outfall.name) \(parameter.label)（\(parameter.canonicalUnit.label)）", points: points),
            contentType: "image/svg+xml; charset=utf-8")
    }
}

/// A line chart of judged values over days with the limit as a dashed red line.
enum SampleChartSVG {
    static func render(title: String, points: [Judgement]) -> String {
        let width = 640.0
        let height = 260.0
        let left = 56.0
        let right = 16.0
        let top = 36.0
        let bottom = 40.0
        let values = points.compactMap(\.value.number)
        let limits = points.compactMap { $0.limit?.maximum }
        let maxY = max((values + limits).max() ?? 1, 1e-9) * 1.15
        func x(_ i: Int) -> Double {
            points.count <= 1 ? left + (width - left - right) / 2 : left + Double(i) * (width - left - right) / Double(points.count - 1)
        }
        func y(_ v: Double) -> Double { top + (1 - v / maxY) * (height - top - bottom) }
        var svg =
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(height))" viewBox="0 0 \#(Int(width)) \#(Int(height))" font-family="Noto Sans CJK SC, sans-serif" font-size="12">"#
        svg += #"<text x="\#(left)" y="20" font-size="14">\#(escape(title))</text>"#
        svg +=
            #"<line x1="\#(left)" y1="\#(y(0))" x2="\#(width - right)" y2="\#(y(0))" stroke="gray"/><line x1="\#(left)" y1="\#(top)" x2="\#(left)" y2="\#(y(0))" stroke="gray"/>"#
        svg +=
            #"<text x="\#(left - 6)" y="\#(top + 4)" text-anchor="end">\#(MeasuredValue.format((maxY * 100).rounded() / 100))</text><text x="\#(left - 6)" y="\#(y(0) + 4)" text-anchor="end">0</text>"#
        if points.isEmpty {
            svg += #"<text x="\#(width / 2)" y="\#(height / 2)" text-anchor="middle">没有监测数据</text>"#
        }
        if let limit = Set(limits).count == 1 ? limits.first : nil {
            svg += #"<line x1="\#(left)" y1="\#(y(limit))" x2="\#(width - right)" y2="\#(y(limit))" stroke="rgb(204,0,0)" stroke-dasharray="6 4"/>"#
            svg +=
                #"<text x="\#(width - right)" y="\#(y(limit) - 4)" text-anchor="end" fill="rgb(204,0,0)">限值 \#(MeasuredValue.format(limit))</text>"#
        }
        let line = points.enumerated().compactMap { i, p in p.value.number.map { "\(x(i)),\(y($0))" } }.joined(separator: " ")
        if !line.isEmpty { svg += #"<polyline points="\#(line)" fill="none" stroke="rgb(31,95,168)" stroke-width="2"/>"# }
        for (i, p) in points.enumerated() {
            guard let v = p.value.number else { continue }
            let colour = p.verdict == .exceeds ? "rgb(204,0,0)" : p.verdict == .within ? "rgb(31,95,168)" : "rgb(153,153,153)"
            svg +=
                #"<circle cx="\#(x(i))" cy="\#(y(v))" r="3.5" fill="\#(colour)"><title>\#(escape("\(p.day) \(p.value.display) \(p.verdict.label)"))</title></circle>"#
        }
        if let first = points.first, let last = points.last {
            svg +=
                #"<text x="\#(left)" y="\#(height - 14)">\#(first.day)</text><text x="\#(width - right)" y="\#(height - 14)" text-anchor="end">\#(last.day)</text>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
