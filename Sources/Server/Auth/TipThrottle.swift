import Foundation

/// Counts tips accepted per client address and refuses more (429 with Retry-After) once the
/// hourly or daily limit is reached. The limits are the county's publication setting, read
/// for each request, so a change applies at once. Counts live in memory like the sign-in
/// throttle's: a restart clears them, which is acceptable for a throttle; the tips themselves
/// keep their address (visible to handlers) for anything more.
final class TipThrottle: @unchecked Sendable {
    private var byAddress: [String: [Date]] = [:]
    private let lock = NSLock()
    /// Distinct addresses kept before the stalest are dropped.
    private static let maximumKeys = 50_000
    static let hour: TimeInterval = 3_600
    static let day: TimeInterval = 86_400

    /// Seconds until `address` may send another tip, or nil when it may now.
    func retryAfter(address: String, perHour: Int, perDay: Int, now: Date = Date()) -> TimeInterval? {
        lock.withLock {
            let times = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < Self.day }
            var waits: [TimeInterval] = []
            let lastHour = times.filter { now.timeIntervalSince($0) < Self.hour }
            if lastHour.count >= perHour, let oldest = lastHour.first { waits.append(Self.hour - now.timeIntervalSince(oldest)) }
            if times.count >= perDay, let oldest = times.first { waits.append(Self.day - now.timeIntervalSince(oldest)) }
            return waits.max().map { max(1, $0.rounded(.up)) }
        }
    }

    func record(address: String, now: Date = Date()) {
        lock.withLock {
            var times = (byAddress[address] ?? []).filter { now.timeIntervalSince($0) < Self.day }
            times.append(now)
            byAddress[address] = times
            if byAddress.count > Self.maximumKeys {
                byAddress = byAddress.filter { $0.value.contains { now.timeIntervalSince($0) < Self.day } }
                while byAddress.count > Self.maximumKeys, let stalest = byAddress.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                    byAddress.removeValue(forKey: stalest)
                }
            }
        }
    }
}
