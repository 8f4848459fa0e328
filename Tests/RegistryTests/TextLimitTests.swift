import Foundation
import LayerFormats
import OutfallModel
import Registry
import Testing

/// Hand-typed texts are held to the same limits as imported ones.
struct TextLimitTests {
    let dir = TemporaryDirectory()

    @Test func aStatusNoteOverTheLimitIsRefusedAndNothingChanges() throws {
        let registry = try dir.sampleRegistry()
        let before = try registry.store.auditLog(layer: .outfalls, featureID: 1).count
        let long = String(repeating: "备", count: ImportLimits.textLength + 1)
        do {
            try registry.setStatus(outfall: 1, to: .inactive, note: long, actor: "tester")
            Issue.record("a 2,001-character note was stored")
        } catch {
            #expect("\(error)".contains("超过上限 2000 个字符"))
            #expect(!error.isServerFault)
        }
        #expect(try registry.store.auditLog(layer: .outfalls, featureID: 1).count == before)
        try registry.setStatus(outfall: 1, to: .inactive, note: String(repeating: "备", count: ImportLimits.textLength), actor: "tester")
    }
}
