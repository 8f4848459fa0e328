import Dispatch
import Foundation

/// Turns items into text on every core, batch by batch, and hands the text on in order — so a
/// 100,000-feature export uses both cores of a small server without ever holding the whole
/// file in memory.
enum ParallelText {
    static func write<T: Sendable>(
        _ items: [T], batch: Int = 8192, _ render: @Sendable (T) -> String, to output: (String) throws(ExportError) -> Void
    ) throws(ExportError) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        while start < items.count {
            let end = min(items.count, start + batch)
            let slice = Array(items[start..<end])
            let share = (slice.count + workers - 1) / workers
            let parts = Parts(count: workers)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var text = ""
                for i in (w * share)..<min(slice.count, (w + 1) * share) { text += render(slice[i]) }
                parts.set(w, text)
            }
            for text in parts.all where !text.isEmpty { try output(text) }
            start = end
        }
    }

    /// Per-worker results, each slot written by one worker only.
    private final class Parts: @unchecked Sendable {
        private var slots: [String]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: "", count: count) }

        func set(_ i: Int, _ text: String) { lock.withLock { slots[i] = text } }

        var all: [String] { lock.withLock { slots } }
    }
}
