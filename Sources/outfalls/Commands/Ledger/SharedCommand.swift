import ArgumentParser
import JSON
import Supervision
import Workflows

struct SharedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shared",
        abstract: "借道排污线索：共用排污口未载入许可证、通道接入他人排污口、雨洪排口发现污水 (shared-outfall findings)",
        discussion: "依据各排污口最新一次溯源；每条线索列出溯源记录、排污通道和排污单位。")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let report = try call { try database.openLedger().sharedDischarge() }
            switch format {
            case .json: Console.print(JSONWriter.pretty(TracingJSON.shared(report)))
            case .text:
                guard !report.findings.isEmpty else {
                    Console.print("未发现借道排污线索 (no findings)")
                    return
                }
                for finding in report.findings {
                    let outfall = report.outfalls[finding.outfallID]
                    Console.print("【\(finding.rule.label)】排污口 #\(finding.outfallID)「\(outfall?.name ?? "")」")
                    Console.print("  \(finding.detail)")
                    var evidence: [String] = []
                    if let trace = finding.traceID { evidence.append("溯源记录 #\(trace)") }
                    if let channel = finding.channelID { evidence.append("排污通道 #\(channel)") }
                    if !finding.unitIDs.isEmpty {
                        evidence.append("排污单位 " + finding.unitIDs.map { "#\($0)「\(report.units[$0]?.name ?? "")」" }.joined(separator: "、"))
                    }
                    Console.print("  证据 evidence：\(evidence.joined(separator: "；"))")
                }
                Console.print("共 \(report.findings.count) 条线索 (findings)")
            }
        }
    }
}
