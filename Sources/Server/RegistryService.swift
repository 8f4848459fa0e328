import Dispatch
import Foundation
import GeoKit
import LayerFormats
import OutfallModel
import Registry
import RegistryStore

/// The registry as the server uses it. Database and geometry work blocks, so it runs on
/// threads of its own rather than on the server's event loops; checks reuse ``Checker``s
/// (one per check in flight) until the layers or rules change.
final class RegistryService: Sendable {
    let registry: Registry
    private let queue = DispatchQueue(label: "outfalls.registry", attributes: .concurrent)
    private let checkers = CheckerPool()
    private let layers = LayerCache()
    private let passwords = PasswordQueue()

    init(registry: Registry) {
        self.registry = registry
    }

    /// Runs blocking registry work off the event loops.
    func run<T: Sendable>(_ body: @escaping @Sendable (Registry) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [registry] in continuation.resume(with: Result { try body(registry) }) }
        }
    }

    /// Every layer as exports show it (verdicts, snaps, townships), computed once per change
    /// of the data: the map and the OGC API read these on every request.
    func exportLayers() async throws -> [ExportLayer] {
        try await run { [layers] registry in
            let signature = try registry.dataSignature()
            if let cached = layers.get(signature) { return cached }
            let fresh = try registry.exportLayers(LayerKind.allCases)
            // Exporting may have refreshed snaps or verdicts, which does not change the signature.
            layers.set(signature, fresh)
            return fresh
        }
    }

    /// bcrypt is slow on purpose: it runs on its own small queue (``PasswordQueue``), off
    /// the event loops and off the queue checks run on.
    func verify(_ password: String, hash: String) async -> Bool {
        await passwords.run { Passwords.verify(password, hash: hash) }
    }

    func hashPassword(_ password: String) async -> String {
        await passwords.run { Passwords.hash(password) }
    }

    func check(_ point: GivenPoint, type: OutfallType?) async throws -> CheckReport {
        try await run { [checkers] registry in
            let signature = try registry.layerSignature()
            let checker = try checkers.take(signature: signature) ?? Checker(registry: registry)
            defer { checkers.give(checker) }
            return try checker.check(point, type: type)
        }
    }
}

/// The exported layers of one data signature.
final class LayerCache: @unchecked Sendable {
    private var entry: (signature: String, layers: [ExportLayer])?
    private let lock = NSLock()

    func get(_ signature: String) -> [ExportLayer]? {
        lock.withLock { entry?.signature == signature ? entry?.layers : nil }
    }

    func set(_ signature: String, _ layers: [ExportLayer]) {
        lock.withLock { entry = (signature, layers) }
    }
}

/// Idle ``Checker``s. A checker is used by one check at a time; one loaded from older layers
/// or rules is dropped rather than handed out.
final class CheckerPool: @unchecked Sendable {
    private var idle: [Checker] = []
    private let lock = NSLock()

    func take(signature: String) -> Checker? {
        lock.withLock {
            idle.removeAll { $0.signature != signature }
            return idle.popLast()
        }
    }

    func give(_ checker: Checker) {
        lock.withLock { idle.append(checker) }
    }
}
