import Dispatch
import Foundation

/// Turns items into UTF-8 text on every core, batch by batch, and hands the text on in
/// order — so a 100,000-feature export uses both cores of a small server without ever
/// holding the whole file in memory.
enum ParallelText {
    static func write<T: Sendable>(
        _ items: [T], batch: Int = 4096, _ render: @Sendable (T, inout [UInt8]) -> Void,
        to output: ([UInt8]) throws(ExportError) -> Void
    ) throws(ExportError) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let buffers = Buffers(count: workers)
        var start = 0
        while start < items.count {
            let end = min(items.count, start + batch)
            let slice = Array(items[start..<end])
            let share = (slice.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                buffers.fill(w) { text in
                    for i in (w * share)..<min(slice.count, (w + 1) * share) { render(slice[i], &text) }
                }
            }
            for w in 0..<workers { try buffers.drain(w, into: output) }
            start = end
        }
    }

    /// One text buffer per worker, kept from batch to batch: reallocating tens of megabytes
    /// per batch costs more in page faults than the rendering itself.
    private final class Buffers: @unchecked Sendable {
        // Each slot is touched by one worker during a batch and by the caller between
        // batches, never by two threads at once, so the slots need no lock.
        private let slots: UnsafeMutablePointer<[UInt8]>
        private let count: Int

        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: [], count: count)
        }

        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }

        func fill(_ w: Int, _ body: (inout [UInt8]) -> Void) {
            slots[w].removeAll(keepingCapacity: true)
            body(&slots[w])
        }

        func drain(_ w: Int, into output: ([UInt8]) throws(ExportError) -> Void) throws(ExportError) {
            if !slots[w].isEmpty { try output(slots[w]) }
        }
    }
}
