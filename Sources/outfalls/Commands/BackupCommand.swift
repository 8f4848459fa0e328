import ArgumentParser
import Foundation
import Registry

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "在线备份数据库（写入期间亦安全）(online backup of the database)")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "备份文件路径，不得已存在 (backup file; must not exist)")
    var target: String

    func run() throws {
        try reporting {
            guard !FileManager.default.fileExists(atPath: target) else {
                throw Failure.input("备份文件 \(target) 已存在，不会覆盖 (target exists; not overwritten)")
            }
            let registry = try database.openRegistry()
            try call { try registry.backup(to: target) }
            Console.print("已备份到 \(target)；附件目录（如有）一并备份 (backed up, with the attachments folder if any)")
        }
    }
}
