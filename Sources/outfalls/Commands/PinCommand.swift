import ArgumentParser
import JSON
import Registry

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "人工指定排污口所属河段（或用 --clear 取消）(pin an outfall to a reach, or --clear)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "排污口 ID (outfall id)")
    var outfall: Int64

    @Argument(help: "河段编码或键 (reach code or key)")
    var reach: String?

    @Flag(help: "取消人工指定 (remove the pin)")
    var clear = false

    @Option(help: "说明 (note for the audit log)")
    var note: String?

    func run() throws {
        try reporting {
            guard clear != (reach != nil) else {
                throw Failure.input("请给出河段编码，或用 --clear 取消 (give a reach, or --clear)")
            }
            let registry = try database.openRegistry()
            let snap = try call { try registry.pin(outfall: outfall, reach: reach, note: note, actor: actorOptions.actor) }
            Console.print(clear ? "已取消排污口 \(outfall) 的人工指定 (unpinned)" : "已将排污口 \(outfall) 指定到河段 \(reach ?? "") (pinned)")
            if let snap { Console.print(SnapText.describe(snap)) }
        }
    }
}
