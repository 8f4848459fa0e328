import ArgumentParser
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "查看审计日志：谁在何时改了什么 (show the audit log)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "图层 layer")
    var layer: String?

    @Option(help: "要素 ID (feature id)")
    var id: Int64?

    @Option(help: "只看最后 N 条 (last N entries)")
    var limit: Int = 50

    @Flag(help: "显示修改前后的完整记录 (show before/after records)")
    var full = false

    func run() throws {
        try reporting {
            var layerKind: LayerKind?
            if let layer {
                guard let parsed = LayerKind(parsing: layer) else { throw Failure.input("未知图层“\(layer)” (unknown layer)") }
                layerKind = parsed
            }
            let registry = try database.openRegistry()
            let all: [AuditEntry]
            all = try call { try registry.auditLog(layer: layerKind, featureID: id) }
            let entries = all.suffix(max(1, limit))
            guard !entries.isEmpty else {
                Console.print("审计日志中没有记录 (no entries)")
                return
            }
            var table = TextTable(["时间 at", "操作人", "操作", "图层", "ID", "变更字段 fields", "说明 note"])
            for e in entries {
                table.add([
                    ChinaTime.display(e.at), e.actor, e.action, e.layer ?? "", e.featureID.map(String.init) ?? "",
                    e.changes.map(\.field).prefix(6).joined(separator: ","), e.note ?? "",
                ])
            }
            Console.print(table.render())
            if full {
                for e in entries {
                    Console.print("\n#\(e.id) \(e.action) \(e.layer ?? "") \(e.featureID.map(String.init) ?? "")")
                    for change in e.changes {
                        Console.print("  \(change.field): \(change.before.map(JSONWriter.compact) ?? "—") → \(change.after.map(JSONWriter.compact) ?? "—")")
                    }
                }
            }
        }
    }
}
