import ArgumentParser
import JSON
import Supervision
import Workflows

struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "受纳水体 → 排污口 → 排污通道 → 排污单位，双向查询 (the chain from river to unit, both ways)",
        discussion: """
            outfalls chain O-09              从排污口查：受纳水体（河流、河段、岸别）、排污通道、排污单位、责任主体
            outfalls chain --unit 甲糖厂      从排污单位查：其排污通道、排污口及受纳水体
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "排污口：键、编码或 ID (outfall)")
    var outfall: String?

    @Option(help: "排污单位：统一社会信用代码、名称或 ID (unit)")
    var unit: String?

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            guard (outfall == nil) != (unit == nil) else {
                throw Failure.input("请给出排污口，或用 --unit 给出排污单位（二选一）(give an outfall or --unit)")
            }
            let ledger = try database.openLedger()
            if let unit {
                let chain = try call { try ledger.chain(unit: unit) }
                switch format {
                case .json: Console.print(JSONWriter.pretty(TracingJSON.chain(chain)))
                case .text: Console.print(Self.text(chain))
                }
            } else if let outfall {
                let chain = try call { try ledger.chain(outfall: outfall) }
                switch format {
                case .json: Console.print(JSONWriter.pretty(TracingJSON.chain(chain)))
                case .text: Console.print(Self.text(chain))
                }
            }
        }
    }

    static func water(_ chain: OutfallChain) -> String {
        guard let snap = chain.snap, let river = snap.river else { return "受纳水体：未吸附到河网 (not snapped)" }
        return "受纳水体：\(river)  河段 \(snap.reachCode ?? snap.reachKey ?? "—")  \(TracingText.bank(snap.bank))"
    }

    static func text(_ chain: OutfallChain) -> String {
        var lines = [water(chain), "  ↑ 排污口 #\(chain.outfall.id ?? 0)「\(chain.outfall.name)」（\(chain.outfall.type.label)）"]
        let names = Dictionary(uniqueKeysWithValues: chain.units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        for channel in chain.channels {
            lines.append("    ↑ 排污通道 #\(channel.id ?? 0)「\(channel.name)」（\(channel.kind.label)）← \(channel.unitID.map { "排污单位 #\($0)「\(names[$0] ?? "")」" } ?? "排污单位未知")")
        }
        if chain.channels.isEmpty { lines.append("    （没有登记的排污通道 no channels）") }
        for unit in chain.units { lines.append("      排污单位 #\(unit.id ?? 0)「\(unit.name)」\(unit.creditCode ?? "")") }
        let party = chain.responsible.party
        lines.append("  溯源 \(chain.traceCount) 次；责任主体：\(party.party ?? "暂无法确定")（\(party.kind.label)）")
        if chain.responsible.disagrees { lines.append("  ⚠ 手填责任主体与规则不一致，见 outfalls responsible") }
        return lines.joined(separator: "\n")
    }

    static func text(_ chain: UnitChain) -> String {
        var lines = ["排污单位 #\(chain.unit.id ?? 0)「\(chain.unit.name)」\(chain.unit.creditCode ?? "")"]
        let channels = Dictionary(uniqueKeysWithValues: chain.channels.compactMap { channel in channel.id.map { ($0, channel) } })
        for link in chain.links {
            let via = link.channelIDs.map { "排污通道 #\($0)「\(channels[$0]?.name ?? "")」" } + link.traceIDs.map { "溯源记录 #\($0)" }
            lines.append("  → 排污口 #\(link.outfall.id ?? 0)「\(link.outfall.name)」（经 \(via.joined(separator: "、"))）")
            if let snap = link.snap, let river = snap.river {
                lines.append("    → 受纳水体：\(river)  河段 \(snap.reachCode ?? snap.reachKey ?? "—")  \(TracingText.bank(snap.bank))")
            } else {
                lines.append("    → 受纳水体：未吸附到河网 (not snapped)")
            }
        }
        if chain.links.isEmpty { lines.append("  （没有登记的排污通道或溯源记录 no channels or traces）") }
        return lines.joined(separator: "\n")
    }
}
