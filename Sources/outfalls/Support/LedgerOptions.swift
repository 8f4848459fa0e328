import ArgumentParser
import Supervision
import Workflows

extension DatabaseOptions {
    /// The registry's supervision ledger.
    func openLedger() throws -> Ledger {
        Ledger(registry: try openRegistry())
    }
}

/// `--at DATE`: when the work was done, if not now (backfill). Both times are kept.
struct WhenOptions: ParsableArguments {
    @Option(name: .customLong("at"), help: "实际发生时间（补录），如 2024-06-25 或 \"2024-06-25 14:30\"（北京时间）(when it happened, if not now)")
    var at: String?

    /// The UTC instant, or nil for now; a date that cannot be read is refused.
    func instant() throws -> String? {
        guard let at else { return nil }
        guard let instant = ChinaTime.parseInput(at) else {
            throw Failure.input("无法识别的时间“\(at)”，请用 2024-06-25 或 \"2024-06-25 14:30\" (unreadable date)")
        }
        return instant
    }
}
