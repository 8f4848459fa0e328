import ArgumentParser
import Foundation
import Registry
import RegistryStore
import Server

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "网页用户：添加、列出、停用 (web app users: add, list, disable)",
        subcommands: [Add.self, List.self, Edit.self, Disable.self, Enable.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "添加用户；密码从终端输入或 --password-stdin 读取，不设默认密码 (add a user; no default password)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions

        @Argument(help: "用户名 (username)")
        var username: String

        @Option(help: ArgumentHelp("角色 (role): " + Role.allCases.filter { $0 != .public }.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")))
        var role: String = "viewer"

        @OptionGroup var scope: ScopeOptions

        @Flag(help: "从标准输入读取密码（一行）(read the password from stdin)")
        var passwordStdin = false

        func run() throws {
            try reporting {
                guard let role = Role(rawValue: role), role != .public else {
                    let roles = Role.allCases.filter { $0 != .public }.map(\.rawValue).joined(separator: ", ")
                    throw Failure.input("角色应为 \(roles) 之一 (role must be one of \(roles))")
                }
                let password: String
                if passwordStdin {
                    password = readLine(strippingNewline: true) ?? ""
                } else {
                    guard let typed = getpass("\(username) 的密码 (password): ").map({ String(cString: $0) }) else {
                        throw Failure.input("未能读取密码 (no password)")
                    }
                    password = typed
                }
                if let problem = Passwords.problem(with: password) { throw Failure.input(problem) }
                let registry = try database.openRegistry()
                let account = try call { 
                    try registry.addUser(username: username, passwordHash: Passwords.hash(password), role: role, scope: scope.scope, actor: actor.actor)
                }
                Console.print("已添加用户 \(account.username)（\(account.role.label)）(user added)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出用户 (list users)")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reporting {
                let registry = try database.openRegistry()
                var table = TextTable(["用户名", "角色", "部门", "乡镇", "状态", "创建时间", "创建人"])
                for a in try call({ try registry.users() }) {
                    table.add([a.username, a.role.label, a.department ?? "—", a.township ?? "—", a.disabled ? "已停用" : "正常", a.createdAt, a.createdBy])
                }
                Console.print(table.render())
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "修改用户所属部门、乡镇；不给的项清空 (set a user's department and township; an omitted one is cleared)")
        @OptionGroup var account: AccountOptions
        @OptionGroup var scope: ScopeOptions
        @Option(help: "原因 (why)") var reason: String?

        func run() throws {
            try reporting {
                let registry = try account.database.openRegistry()
                let changed = try call {
                    try registry.setScope(scope.scope, username: account.username, actor: account.actor.actor, reason: reason)
                }
                Console.print("\(changed.username)：部门 \(changed.department ?? "—")，乡镇 \(changed.township ?? "—") (scope set)")
            }
        }
    }

    /// The department and township an account works for.
    struct ScopeOptions: ParsableArguments {
        @Option(help: "所属部门，如 住建局、水利局；不给为县局（全县）(department, e.g. 住建局)")
        var department: String?
        @Option(help: "所属乡镇，如 大埔镇；不给为全县 (township)")
        var township: String?

        var scope: AccountScope { AccountScope(department: department, township: township) }

        func validate() throws {
            for (name, value) in [("--department", department), ("--township", township)] {
                if let value, value.count > 100 { throw ValidationError("\(name) 不超过 100 字 (at most 100 characters)") }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "停用用户，其会话随即失效 (disable a user)")
        @OptionGroup var account: AccountOptions
        func run() throws { try reporting { try account.setDisabled(true, done: "已停用 (disabled)") } }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "重新启用用户 (enable a user)")
        @OptionGroup var account: AccountOptions
        func run() throws { try reporting { try account.setDisabled(false, done: "已启用 (enabled)") } }
    }

    /// Which account, in which registry, changed by whom.
    struct AccountOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "用户名 (username)") var username: String

        func setDisabled(_ disabled: Bool, done: String) throws {
            let registry = try database.openRegistry()
            try call { try registry.setDisabled(disabled, username: username, actor: actor.actor) }
            Console.print("\(username) \(done)")
        }
    }
}
