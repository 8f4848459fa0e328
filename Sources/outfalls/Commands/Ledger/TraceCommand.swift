import ArgumentParser
import JSON
import Supervision
import Workflows

extension TraceMethod: ExpressibleByArgument {}
extension TraceResult: ExpressibleByArgument {}

/// `outfalls trace …`: source tracing (溯源).
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "溯源：记录、列出溯源记录，设置政府兜底主体与通道容差 (source tracing)",
        subcommands: [TraceRecordCommand.self, TraceListCommand.self, TraceSettingsCommand.self],
        defaultSubcommand: TraceRecordCommand.self)
}

struct TraceRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "记录一次溯源 (record a trace)",
        discussion: """
            outfalls trace O-09 --method manual --unit 91450222MA5K00000X --result one_source --on 2024-06-25
            outfalls trace 12 --method technical --technique 染色 --unit 甲厂 --unit 乙厂 --main 甲厂 --result many_sources
            outfalls trace 3 --method records --result undetermined --sewage-found --problem 未实现雨污分流
            规则：one_source 恰好 1 个单位；many_sources 至少 2 个并用 --main 指定主要责任单位；undetermined 不列单位（政府兜底）。
            问题类型：\(TraceRules.problemTypes.joined(separator: "、"))。
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "排污口：键、编码或 ID (outfall)")
    var outfall: String

    @Option(help: "溯源方式 records（资料）|manual（人工排查）|technical（技术）")
    var method: TraceMethod

    @Option(help: "技术手段，如 染色、CCTV、声呐 (technique, for technical tracing)")
    var technique: String?

    @Option(help: "查明的排污单位（统一社会信用代码、名称或 ID），可多次给出 (units found)")
    var unit: [String] = []

    @Option(help: "主要责任单位（多源时必填）(main unit)")
    var main: String?

    @Flag(help: "混排 (mixed sewage and storm water)")
    var mixed = false

    @Option(help: "问题类型，可多次给出 (problem type)")
    var problem: [String] = []

    @Option(help: "溯源路径节点（检查井、汇流点），可多次给出，从排口向上游 (path node)")
    var node: [String] = []

    @Option(help: "证据文件（JPEG/PNG/PDF），可多次给出 (evidence file)")
    var evidence: [String] = []

    @Option(help: "结果 one_source（1口对1源）|many_sources（1口对多源）|undetermined（未能确定）")
    var result: TraceResult

    @Flag(help: "发现污水（雨洪排口发现污水即为借道/混接线索）(sewage found)")
    var sewageFound = false

    @Option(help: "溯源日期，如 2024-06-25（默认今天）(date)")
    var on: String?

    @Option(help: "说明 (note)")
    var note: String?

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let request = TraceRequest(
                outfall: outfall, method: method, technique: technique, units: unit, main: main, mixed: mixed, problems: problem,
                nodes: node, evidence: evidence, result: result, sewageFound: sewageFound, on: on, note: note)
            let trace = try call { try ledger.recordTrace(request, actor: actorOptions.actor) }
            let party = try call { try ledger.responsibleParty(of: outfall) }
            Console.print(
                "已记录溯源 #\(trace.id ?? 0)：排污口 #\(trace.outfallID)「\(party.outfall.name)」，\(trace.tracedOn)，\(trace.method.label)，\(trace.result.label) (trace recorded)")
            if !trace.evidence.isEmpty { Console.print("  证据 \(trace.evidence.count) 个文件 (evidence)") }
            Console.print("  责任主体 responsible：\(party.party.party ?? "暂无法确定")（\(party.party.kind.label)）")
        }
    }
}

struct TraceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出一个排污口的溯源记录 (list an outfall's traces)")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "排污口：键、编码或 ID (outfall)")
    var outfall: String

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let (outfall, traces) = try call { try ledger.traces(of: self.outfall) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(traces.map(TracingJSON.trace))))
            case .text:
                let units = try call { try ledger.units() }
                let names = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
                Console.print("排污口 #\(outfall.id ?? 0)「\(outfall.name)」的溯源记录 (traces)：")
                var table = TextTable(["ID", "日期", "方式", "结果", "排污单位", "主要", "混排", "发现污水", "问题"])
                for trace in traces {
                    table.add([
                        String(trace.id ?? 0), trace.tracedOn, trace.method.label + (trace.technique.map { "（\($0)）" } ?? ""),
                        trace.result.label, trace.unitIDs.map { names[$0] ?? "#\($0)" }.joined(separator: "、"),
                        trace.mainUnitID.map { names[$0] ?? "#\($0)" } ?? "—", trace.mixed ? "是" : "否", trace.sewageFound ? "是" : "否",
                        trace.problems.joined(separator: "、"),
                    ])
                }
                Console.print(table.render())
                Console.print("共 \(traces.count) 条 (traces)")
            }
        }
    }
}

struct TraceSettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "查看或修改溯源设置：政府兜底责任主体、排污通道末端容差 (tracing settings)",
        discussion: "均为县里的设置，不是法规数值 (county settings, not law)。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Option(help: "溯源后无法确定时的责任主体（默认 柳城县人民政府）(government party)")
    var government: String?

    @Option(help: "排污通道下游端到排污口的最大距离（米，默认 30）(channel end tolerance, m)")
    var channelToleranceM: Double?

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let settings = try call {
                if government != nil || channelToleranceM != nil {
                    return try ledger.updateTracingSettings(government: government, channelEndToleranceM: channelToleranceM, actor: actorOptions.actor)
                }
                return try ledger.tracingSettings()
            }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("government", .string(settings.government)), ("channel_end_tolerance_m", .number(settings.channelEndToleranceM)),
                ]))))
            case .text:
                Console.print("政府兜底责任主体 government：\(settings.government)")
                Console.print("排污通道末端容差 channel end tolerance：\(JSONWriter.format(number: settings.channelEndToleranceM)) 米")
            }
        }
    }
}
