import Foundation
import Testing

@testable import Registry

/// Stored findings are read straight from their bytes when they have the shape the encoder
/// writes; the result must be what the JSON parser reads, and any other text must be left to
/// the parser (which accepts it or says what is wrong).
struct StoredFindingsReaderTests {
    let dir = TemporaryDirectory()

    @Test func theSampleScreeningsReadAsTheParserReadsThem() throws {
        let stored = try dir.sampleRegistry().screening().map(\.storedFindings)
        #expect(stored.contains { $0 != "[]" })
        for text in stored {
            let fast = try #require(StoredFindingsReader.read(text), "\(text)")
            #expect(fast == (try StoredFindings.parse(text)))
        }
    }

    static let item = #"{"rule":"DW-PROTECTED","severity":"prohibited","layer":"zones","feature_id":12,"distance_m":3.5,"existing":true}"#

    @Test(arguments: ["[]", "[\(item)]", "[\(item),\(item)]", item.replacingOccurrences(of: "12", with: "null").wrapped,
                      item.replacingOccurrences(of: "3.5", with: "-0").wrapped, item.replacingOccurrences(of: "3.5", with: "120.25").wrapped])
    func theEncodersShapeIsReadDirectly(text: String) throws {
        let fast = try #require(StoredFindingsReader.read(text))
        #expect(fast == (try StoredFindings.parse(text)))
    }

    /// Valid JSON in another layout, and damaged text: the direct reader declines, so the
    /// parser decides.
    @Test(arguments: [
        "[ ]", "[\(item)] ", "[\(item),]", "[\(item)", "{}", "",
        item.replacingOccurrences(of: "DW-PROTECTED", with: #"DW\"X"#).wrapped,
        item.replacingOccurrences(of: "3.5", with: "3.5e0").wrapped,
        item.replacingOccurrences(of: "3.5", with: "03.5").wrapped,
        item.replacingOccurrences(of: "3.5", with: "3.").wrapped,
        item.replacingOccurrences(of: "12", with: "1.5").wrapped,
        item.replacingOccurrences(of: "12", with: "1e300").wrapped,
        item.replacingOccurrences(of: "prohibited", with: "banned").wrapped,
        item.replacingOccurrences(of: "true", with: "1").wrapped,
        #"[{"severity":"prohibited","rule":"DW-PROTECTED","layer":"zones","feature_id":12,"distance_m":3.5,"existing":true}]"#,
    ])
    func anythingElseIsLeftToTheParser(text: String) {
        #expect(StoredFindingsReader.read(text) == nil)
    }

    @Test func aFeatureIDThatIsNoWholeNumberIsDamageNotATrap() {
        #expect(throws: StoredFindingsError.self) { try StoredFindings.decode(Self.item.replacingOccurrences(of: "12", with: "1e300").wrapped) }
        #expect(throws: StoredFindingsError.self) { try StoredFindings.decode(Self.item.replacingOccurrences(of: "12", with: "1.5").wrapped) }
    }
}

extension String {
    fileprivate var wrapped: String { "[" + self + "]" }
}
