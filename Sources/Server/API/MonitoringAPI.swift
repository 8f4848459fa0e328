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
        case .forbidden: ClientError(status: .forbidden, message: "\(error)")
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
