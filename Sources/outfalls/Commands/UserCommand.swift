import ArgumentParser
import Foundation
import Registry
import RegistryStore
import Server

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "网页用户：添加、列出、停用 (web app users: add, list, disable)",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "添加用户；密码从终端输入或 --password-stdin 读取，不设默认密码 (add a user; no default password)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions

        @Argument(help: "用户名 (username)")
        var username: String

        @Option(help: "角色 viewer|inspector|reviewer|planner|admin（查看、排查员、审核员、规划审批、管理员）")
        var role: String = "viewer"

        @Flag(help: "从标准输入读取密码（一行）(read the password from stdin)")
        var passwordStdin = false

        func run() throws {
            try reporting {
                guard let role = Role(rawValue: role), role != .public else {
                    throw Failure.input("角色应为 viewer、inspector、reviewer、planner 或 admin (role must be viewer, inspector, reviewer, planner or admin)")
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
                let account = try call { try registry.addUser(username: username, passwordHash: Passwords.hash(password), role: role, actor: actor.actor) }
                Console.print("已添加用户 \(account.username)（\(account.role.label)）(user added)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出用户 (list users)")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reporting {
                let registry = try database.openRegistry()
                var table = TextTable(["用户名", "角色", "状态", "创建时间", "创建人"])
                for a in try call({ try registry.users() }) {
                    table.add([a.username, a.role.label, a.disabled ? "已停用" : "正常", a.createdAt, a.createdBy])
                }
                Console.print(table.render())
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用用户，其会话随即失效 (disable a user)")
        @OptionGroup var account: AccountOptions
        func run() throws { try reporting { try account.setDisabled(true, done: "已停用 (disabled)") } }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新启用用户 (enable a user)")
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
