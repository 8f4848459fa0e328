import Dispatch
import Foundation

/// Turns items (given by index) into UTF-8 text on every core, batch by batch, and hands the
/// text on in order — so a 100,000-feature export uses both cores of a small server without
/// ever holding the whole file in memory.
///
/// Each batch is cut into chunks that the cores take as they come free; while they render
/// one batch, one of them hands the previous batch's text to `output`, so writing the file
/// overlaps rendering instead of leaving the cores idle.
enum ParallelText {
    static func write(
        count: Int, batch: Int = 4096, chunks: Int = 16, _ render: @Sendable (Int, inout [UInt8]) -> Void,
        to output: ([UInt8]) throws(ExportError) -> Void
    ) throws(ExportError) {
        let buffers = [Buffers(count: chunks), Buffers(count: chunks)]
        try withoutActuallyEscaping(output) { output throws(ExportError) in
            // Only the one writing iteration of a round calls `output`, and rounds follow
            // each other: it is never called from two threads at once.
            let writer = Writer(output: output)
            var round = 0
            var start = 0
            while start < count || round > 0 {
                let (first, end) = (start, min(count, start + batch))
                let current = buffers[round % 2]
                let previous = round > 0 ? buffers[(round - 1) % 2] : nil
                let share = (end - first + chunks - 1) / chunks
                DispatchQueue.concurrentPerform(iterations: chunks + 1) { i in
                    if i == chunks {
                        if let previous { writer.drain(previous) }
                        return
                    }
                    current.fill(i) { text in
                        for k in (first + i * share)..<max(first + i * share, min(end, first + (i + 1) * share)) { render(k, &text) }
                    }
                }
                if let error = writer.error { throw error }
                if start >= count { break }  // that round only wrote the last batch
                start = end
                round += 1
            }
        }
    }

    private final class Writer: @unchecked Sendable {
        let output: ([UInt8]) throws(ExportError) -> Void
        var error: ExportError?

        init(output: @escaping ([UInt8]) throws(ExportError) -> Void) { self.output = output }

        func drain(_ buffers: Buffers) {
            guard error == nil else { return }
            do throws(ExportError) {
                try buffers.drain(into: output)
            } catch {
                self.error = error
            }
        }
    }

    /// Text buffers kept from batch to batch: reallocating tens of megabytes per batch costs
    /// more in page faults than the rendering itself.
    private final class Buffers: @unchecked Sendable {
        // Each slot is written by one chunk's iteration, and read (drained) only in the next
        // round, after that iteration has finished: no slot is touched by two threads at once.
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

        func fill(_ i: Int, _ body: (inout [UInt8]) -> Void) {
            slots[i].removeAll(keepingCapacity: true)
            body(&slots[i])
        }

        func drain(into output: ([UInt8]) throws(ExportError) -> Void) throws(ExportError) {
            for i in 0..<count where !slots[i].isEmpty {
                try output(slots[i])
                slots[i].removeAll(keepingCapacity: true)
            }
        }
    }
}
