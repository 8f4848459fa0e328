import Foundation
import Hummingbird
import HTTPTypes
import Supervision
import WaterQuality
import Workflows

/// 监测 in the browser, Chinese, for signed-in staff (samples and abnormal lists are working
/// material): the overview by river and township (`/monitoring`), each outfall's series as
/// SVG charts with the limit line, its assessment and abnormal reasons
/// (`/monitoring/outfalls/{id}`), each section's class against its target with the outfalls'
/// loads at it (`/monitoring/sections/{id}`), and the samples and assessments as XLSX.
/// The rules and the model's assumptions are stated on every page.
struct MonitoringPages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let monitoring = self
        router.get("/monitoring") { request, _ in try await monitoring.overview(request) }
        router.get("/monitoring/outfalls/:id") { request, context in try await monitoring.outfall(request, id: context.parameters.get("id") ?? "") }
        router.get("/monitoring/sections/:id") { request, context in
            try await monitoring.section(request, id: context.parameters.get("id")?.removingPercentEncoding ?? "")
        }
        router.get("/monitoring/outfalls/:id/samples.xlsx") { request, context in
            try await monitoring.samplesXLSX(request, point: context.parameters.get("id") ?? "")
        }
        router.get("/monitoring/outfalls/:id/assessment.xlsx") { request, context in
            try await monitoring.assessmentXLSX(request, outfall: context.parameters.get("id") ?? "")
        }
        router.get("/monitoring/sections/:id/assessment.xlsx") { request, context in
            try await monitoring.sectionXLSX(request, section: context.parameters.get("id")?.removingPercentEncoding ?? "")
        }
        router.get("/monitoring/samples.xlsx") { request, _ in try await monitoring.samplesXLSX(request, point: nil) }
        router.get("/monitoring/assessments.xlsx") { request, _ in try await monitoring.assessmentXLSX(request, outfall: nil) }
    }

    /// The rules every page states, and the impact model's assumptions.
    static let rules =
        "评价口径：混合样按日均值判定（GB 18918-2002、GB 8978-1996），瞬时样注明“仅供参考”；超标倍数 =（数值 − 限值）/ 限值；pH 按 6–9 判定；"
        + "低于检出限的数值按 0 至检出限的区间判断，跨过限值即“无法判定”；断面按 GB 3838-2002 单因子评价，最差项目定类（劣V），河流不评总氮。"
        + "标注〔待核实〕的限值、判定规则为县级设定或尚未核实，可在标准文件和设置中更正。"

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    /// `from`/`to` as given, each a date or absent; anything else is a 400.
    static func period(_ request: Request) throws(ClientError) -> (from: String?, to: String?) {
        let q = Query(request)
        func day(_ name: String) throws(ClientError) -> String? {
            guard let v = q[name], !v.isEmpty else { return nil }
            guard v.count == 10, ChinaTime.startOfDayUTC(v) != nil else { throw ClientError.badRequest("\(name) 应为日期 YYYY-MM-DD (bad date)") }
            return v
        }
        return (try day("from"), try day("to"))
    }

    func overview(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "监测")
        try Access.require(.read, session)
        let data = try await reading { ledger in (try ledger.monitoringOverview(), try ledger.derivedAbnormalOutfalls()) }
        func rows(_ groups: [MonitoringOverview.Group]) -> [[String: Any]] {
            groups.map { ["name": $0.name, "outfalls": $0.outfalls, "sampled": $0.sampled, "exceeding": $0.exceeding, "abnormal": $0.abnormal] }
        }
        context["byRiver"] = rows(data.0.byRiver)
        context["byTownship"] = rows(data.0.byTownship)
        context["sections"] = data.0.sections.map { r -> [String: Any] in
            [
                "id": r.section.id ?? 0, "name": r.section.name, "class": r.assessment.waterClass?.label ?? "无法定类",
                "target": r.assessment.targetClass?.label ?? "未知", "attains": r.assessment.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定",
                "missed": r.assessment.attains == false, "samples": r.sampleCount,
            ]
        }
        context["abnormal"] = data.1.outfalls.filter(\.isAbnormal).map { a -> [String: Any] in
            [
                "id": a.outfall.id ?? 0, "name": a.outfall.name, "key": a.outfall.key,
                "reasons": a.reasons.filter { $0.state != .dismissed }.map { Self.reasonLabel($0) }.joined(separator: "；"),
            ]
        }
        context["notes"] = data.1.notes
        context["rules"] = Self.rules
        context["assumptions"] = LoadModel.defaults.assumptions
        return pages.render("monitoring", context)
    }

    static func reasonLabel(_ r: DerivedAbnormalReason) -> String {
        r.kind.label + (r.basisConfirmed || r.kind == .indicativeExceedance ? "" : "〔待核实〕")
    }

    func outfall(_ request: Request, id: String) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "排污口监测")
        try Access.require(.read, session)
        let (from, to) = try Self.period(request)
        let m = try await reading { ledger in try ledger.outfallMonitoring(id, from: from, to: to) }
        let a = m.assessment
        let outfallID = a.outfall.id ?? 0
        context["title"] = "\(a.outfall.name) 监测"
        context["id"] = outfallID
        context["name"] = a.outfall.name
        context["key"] = a.outfall.key
        context["type"] = a.outfall.type.label
        context["from"] = from ?? ""
        context["to"] = to ?? ""
        context["query"] = [from.map { "from=\($0)" }, to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: "&")
        context["receiving"] =
            (a.receivingZone.map { "\($0.name)，目标 \($0.targetClass?.label ?? "未知")" } ?? "未找到水功能区") + "（\(a.receivingPlace)）"
        if let c = a.choice {
            context["standard"] = "\(c.standard.id) \(c.standard.title)" + (c.grade.map { " 等级 \($0.id)" } ?? "（等级未定）")
                + (c.standard.isConfirmed ? "" : "〔待核实〕") + (c.indicativeOnly ? "（雨洪排口：仅供参考）" : "")
            context["choiceReasons"] = c.reasons
        } else {
            context["standard"] = "无法确定：\(a.choiceProblem ?? "")"
        }
        let byParameter = Dictionary(grouping: a.judgements, by: \.parameter)
        context["charts"] = Parameter.allCases.compactMap { p -> [String: Any]? in
            guard let points = byParameter[p] else { return nil }
            return ["svg": SampleChartSVG.render(title: "\(p.label)（\(p.canonicalUnit.label)）", points: points)]
        }
        context["judgements"] = a.judgements.map { j -> [String: Any] in
            [
                "day": j.day, "parameter": j.parameter.label, "value": j.value.display, "unit": j.parameter.canonicalUnit.label,
                "limit": j.limit?.display ?? "—", "clause": j.limit.map { $0.clause + ($0.confirmed ? "" : "〔待核实〕") } ?? "",
                "standard": j.standard + (j.grade.map { " \($0)" } ?? ""), "verdict": j.verdict.label + (j.conclusive ? "" : "（参考）"),
                "verdictKey": j.verdict.rawValue,
                "multiple": j.exceedanceMultiple.map { MeasuredValue.format(($0 * 100).rounded() / 100) } ?? "",
                "basis": j.basis + (j.reason.map { "；\($0)" } ?? ""),
            ]
        }
        context["counts"] = [
            "within": a.judgements.filter { $0.verdict == .within }.count, "exceeds": a.judgements.filter { $0.verdict == .exceeds }.count,
            "cannot": a.judgements.filter { $0.verdict == .cannotJudge }.count,
        ]
        context["reasons"] = m.reasons.map { r -> [String: Any] in
            [
                "label": Self.reasonLabel(r), "source": Self.sourceLabel(r.kind.source), "detail": r.detail, "state": r.state.label,
                "dismissed": r.state == .dismissed, "note": r.decision?.note ?? "", "id": r.id,
            ]
        }
        context["stated"] = m.stated.map { s -> [String: Any] in
            ["reason": s.reason, "state": s.state == .confirmed ? "已确认" : "已排除", "note": s.note ?? "", "source": s.source.label]
        }
        context["notes"] = m.notes
        context["rules"] = Self.rules
        context["assumptions"] = LoadModel.defaults.assumptions
        context["standardsSource"] = Self.fileName(a.standardsSource)
        return pages.render("monitoring-outfall", context)
    }

    /// Where the standards came from, without the server's folders ("随附文件：water-standards.json").
    static func fileName(_ source: String) -> String {
        guard let slash = source.lastIndex(of: "/") else { return source }
        let prefix = source.firstIndex(of: "：").map { String(source[...$0]) } ?? ""
        return prefix + source[source.index(after: slash)...]
    }

    static func sourceLabel(_ source: String) -> String {
        switch source {
        case "monitoring": "监测"
        case "screening": "选址核查"
        case "survey": "排查"
        case "trace": "溯源"
        default: source
        }
    }

    func section(_ request: Request, id: String) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "断面监测")
        try Access.require(.read, session)
        let (from, to) = try Self.period(request)
        let m = try await reading { ledger in try ledger.sectionMonitoring(id, from: from, to: to) }
        let r = m.report
        let a = r.assessment
        context["title"] = "\(r.section.name) 断面监测"
        context["name"] = r.section.name
        context["id"] = r.section.id ?? 0
        context["query"] = [from.map { "from=\($0)" }, to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: "&")
        context["from"] = from ?? ""
        context["to"] = to ?? ""
        context["zone"] = r.zone.map { "\($0.name)，目标 \($0.targetClass?.label ?? "未知")" } ?? "未找到水功能区"
        context["class"] = a.waterClass?.label ?? "无法定类"
        context["target"] = a.targetClass?.label ?? "未知"
        context["attains"] = a.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定"
        context["missed"] = a.attains == false
        context["standard"] = a.standard
        context["items"] = a.items.map { i -> [String: Any] in
            [
                "parameter": i.parameter.label, "value": i.value.display, "unit": i.parameter.canonicalUnit.label, "count": i.sampleCount,
                "class": i.waterClass?.label ?? "—", "reason": i.reason ?? "",
                "clause": i.limit.map { $0.clause + ($0.confirmed ? "" : "〔待核实〕") } ?? "",
            ]
        }
        context["sectionNotes"] = a.notes
        // One chart per parameter: daily means against the target class's limit.
        let byParameter = Dictionary(grouping: m.samples, by: \.parameter)
        context["charts"] = Parameter.allCases.compactMap { p -> [String: Any]? in
            guard let samples = byParameter[p] else { return nil }
            let limit = m.targetLimits[p]
            let days = Dictionary(grouping: samples, by: \.day).sorted { $0.key < $1.key }
            let points = days.map { day, list -> SampleChartSVG.Point in
                let mean = list.map(\.value).mean
                let verdict: Judgement.Verdict
                if let n = mean.number, let limit, limit.confirmed {
                    let high = limit.maximum.map { n > $0 } ?? false
                    let low = limit.minimum.map { n < $0 } ?? false
                    verdict = mean.belowDetectionLimit && !low ? .within : (high || low ? .exceeds : .within)
                } else {
                    verdict = .cannotJudge
                }
                return SampleChartSVG.Point(day: day, value: mean.number, display: mean.display, verdict: verdict)
            }
            let line = limit.flatMap { $0.maximum ?? $0.minimum }
            return [
                "svg": SampleChartSVG.render(
                    title: "\(p.label)（\(p.canonicalUnit.label)）", points: points, limit: line,
                    limitLabel: "\(a.targetClass?.label ?? "目标")限值" + (limit?.maximum == nil && limit?.minimum != nil ? "（下限）" : "")
                        + (limit?.confirmed == false ? "〔待核实〕" : ""))
            ]
        }
        if let impact = m.impact {
            context["impact"] = impact.rankings.map { ranking -> [String: Any] in
                [
                    "parameter": ranking.parameter.label,
                    "rows": ranking.contributions.map { c -> [String: Any] in
                        [
                            "name": c.name, "load": MeasuredValue.format((c.load * 1000).rounded() / 1000),
                            "distance": MeasuredValue.format((c.distance / 100).rounded() / 10),
                            "delivered": MeasuredValue.format((c.delivered * 1000).rounded() / 1000),
                            "share": String(format: "%.1f%%", c.share * 100),
                        ]
                    },
                ]
            }
            context["missing"] = impact.missing
            context["assumptions"] = impact.model.assumptions
        } else {
            context["impactProblem"] = m.impactProblem ?? ""
            context["assumptions"] = LoadModel.defaults.assumptions
        }
        context["rules"] = Self.rules
        context["standardsSource"] = Self.fileName(r.standardsSource)
        return pages.render("monitoring-section", context)
    }

    func samplesXLSX(_ request: Request, point: String?) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let (from, to) = try Self.period(request)
        let data = try await reading { ledger in
            let samples: [Sample]
            if let point {
                // The page's id is the registry id: samples name the outfall by its key.
                let key = try ledger.assessOutfall(point).outfall.key
                samples = try ledger.samples(point: key, from: from, to: to)
            } else {
                samples = try ledger.samples(from: from, to: to)
            }
            return try MonitoringXLSX.bytes(samples: samples)
        }
        return Self.download(data, name: point.map { "samples-\($0).xlsx" } ?? "samples.xlsx")
    }

    func assessmentXLSX(_ request: Request, outfall: String?) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let (from, to) = try Self.period(request)
        let data = try await reading { ledger in
            let assessments = try outfall.map { [try ledger.assessOutfall($0, from: from, to: to)] } ?? ledger.assessAll(from: from, to: to)
            return try MonitoringXLSX.bytes(assessments: assessments)
        }
        return Self.download(data, name: outfall.map { "assessment-\($0).xlsx" } ?? "assessments.xlsx")
    }

    func sectionXLSX(_ request: Request, section: String) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let (from, to) = try Self.period(request)
        let (data, id) = try await reading { ledger in
            let found = try ledger.monitoringSection(section)
            return (try MonitoringXLSX.bytes(section: try ledger.assessSection(found.name, from: from, to: to)), found.id ?? 0)
        }
        return Self.download(data, name: "section-\(id).xlsx")
    }

    static func download(_ data: Data, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        // The name is built from a registry id and fixed words; anything else is dropped.
        let safe = name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        headers[.contentDisposition] = "attachment; filename=\"\(safe)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
