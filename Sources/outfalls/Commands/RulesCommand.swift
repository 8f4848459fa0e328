import ArgumentParser
import JSON
import Registry
import Siting

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "查看或替换设置核查规则 (show or replace the siting rules)",
        subcommands: [Show.self, Import.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "列出现行规则及法律依据 (list the rules in force)")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reporting {
                let registry = try database.openRegistry()
                let rules = try call { try registry.rules() }
                let stored = try call { try registry.storedRules() }
                Console.print("\(rules.title)  版本 \(rules.version)" + (stored.map { "  （\($0.fileName ?? "") 由 \($0.loadedBy) 于 \($0.loadedAt) 载入）" } ?? ""))
                var table = TextTable(["规则", "级别", "适用", "内容", "依据"])
                for rule in rules.rules {
                    table.add([
                        rule.id, rule.severity.label, rule.newOnly ? "新建" : "全部" + (rule.exceptTypes.isEmpty ? "" : "（除外：\(rule.exceptTypes.map(\.label).sorted().joined(separator: "、"))）"),
                        rule.title, rule.basis,
                    ])
                }
                Console.print(table.render())
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "载入规则文件并启用 (load and activate a rules file)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions

        @Argument(help: "规则文件 (rules JSON file)")
        var file: String

        func run() throws {
            try reporting {
                let registry = try database.openRegistry()
                let rules = try call { try registry.loadRules(path: file, actor: actorOptions.actor) }
                Console.print("已启用规则 \(rules.title) 版本 \(rules.version)（\(rules.rules.count) 条）；核查结果将按新规则重算。")
            }
        }
    }
}
