import Foundation

/// Counts failed sign-ins per account and per client address over a sliding window, and
/// refuses further attempts (429) once either count reaches its limit — without running
/// bcrypt, so a guessing flood costs the server almost nothing. A correct password for a
/// throttled account is refused too: otherwise the throttle would only slow a guesser, not
/// stop one.
///
/// The per-address limit is higher than the per-account one because a bureau's staff may
/// share one address (NAT); the per-account limit is what stops guessing at one account.
/// Counts live in memory: a restart clears them, which is acceptable for a throttle.
final class SignInThrottle: @unchecked Sendable {
    struct Limits: Sendable {
        var failuresPerAccount: Int
        var failuresPerAddress: Int
        var window: TimeInterval
    }

    let limits: Limits
    private var byAccount: [String: [Date]] = [:]
    private var byAddress: [String: [Date]] = [:]
    private let lock = NSLock()
    /// Distinct keys kept before the oldest are dropped: names tried are the client's choice.
    private static let maximumKeys = 20_000

    init(limits: Limits) {
        self.limits = limits
    }

    /// Names are compared as typed, except for case and surrounding spaces.
    private static func accountKey(_ username: String) -> String {
        username.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// How long until another attempt is allowed, or nil when one is allowed now.
    func retryAfter(username: String, address: String, now: Date = Date()) -> TimeInterval? {
        lock.withLock {
            let account = Self.recent(byAccount[Self.accountKey(username)], now: now, window: limits.window)
            let fromAddress = Self.recent(byAddress[address], now: now, window: limits.window)
            var waits: [TimeInterval] = []
            if account.count >= limits.failuresPerAccount, let oldest = account.first { waits.append(oldest + limits.window - now.timeIntervalSince1970) }
            if fromAddress.count >= limits.failuresPerAddress, let oldest = fromAddress.first {
                waits.append(oldest + limits.window - now.timeIntervalSince1970)
            }
            return waits.max().map { max(1, $0) }
        }
    }

    func recordFailure(username: String, address: String, now: Date = Date()) {
        lock.withLock {
            Self.add(now, to: &byAccount, key: Self.accountKey(username), window: limits.window)
            Self.add(now, to: &byAddress, key: address, window: limits.window)
        }
    }

    /// A correct sign-in clears the account's count (not the address's: signing in to one's
    /// own account must not reset a guesser's budget).
    func recordSuccess(username: String) {
        _ = lock.withLock { byAccount.removeValue(forKey: Self.accountKey(username)) }
    }

    /// The failure times within the window, oldest first, as seconds since 1970.
    private static func recent(_ times: [Date]?, now: Date, window: TimeInterval) -> [TimeInterval] {
        (times ?? []).map(\.timeIntervalSince1970).filter { now.timeIntervalSince1970 - $0 < window }
    }

    private static func add(_ now: Date, to table: inout [String: [Date]], key: String, window: TimeInterval) {
        var times = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
        times.append(now)
        table[key] = times
        if table.count > maximumKeys {
            // Forget keys whose failures have all left the window, then, if still too many, the stalest.
            table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            while table.count > maximumKeys, let stalest = table.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                table.removeValue(forKey: stalest)
            }
        }
    }
}
