import Foundation
import JSON

/// A value the ledger stores as a document: a plain `Codable` struct with its kind and id.
/// The id is the store's and is not part of the document.
public protocol LedgerEntity: Codable, Sendable, Equatable {
    static var kind: EntityKind { get }
    var id: Int64? { get set }
}

extension LedgerEntity {
    public var ref: EntityRef? { id.map { EntityRef(Self.kind, $0) } }

    /// The entity as the document the store keeps (without `id`).
    public func document() throws(LedgerError) -> JSONObject {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(self)
            guard var object = try JSONParser().parse([UInt8](data)).objectValue else { throw LedgerError.corrupt(Self.kind, id, "not an object") }
            _ = object.removeValue(forKey: "id")
            return object
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .corrupt(Self.kind, id, "\(error)")
        }
    }

    /// The entity a stored document describes.
    public static func decode(_ stored: StoredDocument) throws(LedgerError) -> Self {
        try decode(stored.document, id: stored.ref.id)
    }

    public static func decode(_ document: JSONObject, id: Int64) throws(LedgerError) -> Self {
        var object = document
        _ = object.removeValue(forKey: "id")
        object = JSONObject(distinct: [JSONObject.Member(key: "id", value: .number(Double(id)))] + object.members)
        do {
            return try JSONDecoder().decode(Self.self, from: Data(JSONWriter.compact(.object(object)).utf8))
        } catch {
            throw .corrupt(kind, id, "\(error)")
        }
    }
}
