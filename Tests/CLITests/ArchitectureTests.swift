import Foundation
import Testing

/// Front ends call use cases (Registry, Workflows), never a store: a rule of the design that
/// a refactoring could quietly break, so it is checked on the sources.
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func frontEndsNeverReachIntoAStore() throws {
        var offenders: [String] = []
        for folder in ["Sources/Server", "Sources/outfalls"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let name as String in files where name.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(name), encoding: .utf8)
                for (n, line) in text.components(separatedBy: "\n").enumerated()
                where line.contains(".store.") || line.contains(".store)") || line.contains("SQLiteLedgerStore") || line.contains(".writeTogether") {
                    offenders.append("\(folder)/\(name):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "front ends must call use cases:\n\(offenders.joined(separator: "\n"))")
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Sources/Server").path))
    }
}

/// Remediation cases reach the front ends only through the scoped use cases
/// (`cases(visibleTo:)`, `remediationCase(_:visibleTo:)`): reading them raw would show a
/// department's account every department's cases.
struct CaseScopeArchitectureTests {
    @Test func frontEndsReadCasesOnlyThroughTheScopedUseCases() throws {
        var offenders: [String] = []
        for folder in ["Sources/Server", "Sources/outfalls"] {
            let base = ArchitectureTests.root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let name as String in files where name.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(name), encoding: .utf8)
                for (n, line) in text.components(separatedBy: "\n").enumerated()
                where line.contains("entities(RemediationCase") || line.contains("entity(RemediationCase") || line.contains("databaseOperator") {
                    offenders.append("\(folder)/\(name):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "front ends must use the scoped case use cases:\n\(offenders.joined(separator: "\n"))")
    }
}
