import ArgumentParser
import Foundation
import Registry

/// `--db PATH`, defaulting to $OUTFALLS_DB, then ./outfalls.sqlite.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "数据库文件 (database file; default $OUTFALLS_DB or ./outfalls.sqlite)")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["OUTFALLS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "outfalls.sqlite"
    }

    func openRegistry() throws -> Registry {
        do {
            return try Registry.open(path: path)
        } catch {
            throw Failure.database("\(error)")
        }
    }
}

/// `--user NAME` for the audit log, defaulting to $OUTFALLS_USER, then the login name.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: "操作人，记入审计日志 (who is acting, for the audit log; default $OUTFALLS_USER or $USER)")
    var user: String?

    var actor: String {
        let environment = ProcessInfo.processInfo.environment
        return user ?? environment["OUTFALLS_USER"] ?? environment["USER"] ?? environment["LOGNAME"]
            ?? ProcessInfo.processInfo.userName
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
