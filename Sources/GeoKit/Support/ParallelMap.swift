import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: the array is cut into one contiguous share per worker, and each
    /// worker makes its own `state` (a GEOS context, an engine) before transforming its share.
    /// Small arrays (under `minimumShare` per worker) stay on fewer workers.
    public func parallelMap<State, T>(
        minimumShare: Int = 64, state makeState: @Sendable () -> State, _ transform: @Sendable (inout State, Element) -> T
    ) -> [T] {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / Swift.max(1, minimumShare)))
        let share = (count + workers - 1) / workers
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each worker initialises its own disjoint slots; nothing else touches the buffer
            // until every worker is done.
            nonisolated(unsafe) let slots = buffer
            self.withUnsafeBufferPointer { elements in
                nonisolated(unsafe) let source = elements
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    guard let base = slots.baseAddress else { return }
                    var state = makeState()
                    for i in (w * share)..<Swift.min(source.count, (w + 1) * share) {
                        (base + i).initialize(to: transform(&state, source[i]))
                    }
                }
            }
            initialized = count
        }
    }

    /// `map` on every core, for transforms that need no per-worker state.
    public func parallelMap<T>(minimumShare: Int = 64, _ transform: @Sendable (Element) -> T) -> [T] {
        parallelMap(minimumShare: minimumShare, state: {}, { _, element in transform(element) })
    }
}
