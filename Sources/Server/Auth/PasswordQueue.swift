import Dispatch
import Foundation

/// Where bcrypt runs: a few serial queues of its own at utility priority, never the queue the
/// registry work (checks, pages) runs on. bcrypt is slow on purpose (cost 12, about a quarter
/// of a second a guess); a flood of sign-ins on the shared queue took both cores and pushed
/// `/api/check` from 2 ms to 2 s. With at most half the cores hashing, checks keep the rest,
/// and sign-ins beyond that wait their turn rather than add threads.
final class PasswordQueue: Sendable {
    private let lanes: [DispatchQueue]
    private let next = Counter()

    /// `concurrency`: how many hashes may run at once (default: half the cores, at least one).
    init(concurrency: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)) {
        lanes = (0..<max(1, concurrency)).map { DispatchQueue(label: "outfalls.bcrypt.\($0)", qos: .utility) }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        let lane = lanes[next.increment() % lanes.count]
        return await withCheckedContinuation { continuation in
            lane.async { continuation.resume(returning: body()) }
        }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func increment() -> Int {
            lock.withLock {
                value &+= 1
                return value & Int.max
            }
        }
    }
}
