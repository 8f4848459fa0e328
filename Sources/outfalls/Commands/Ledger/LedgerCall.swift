import JSON
import Registry
import Supervision
import Workflows

/// Runs a ledger use case, turning its errors into ``Failure``s: the input's fault exits 1,
/// the database's or the file system's exits 2.
func ledgerCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LedgerError {
        throw error.isInputProblem ? Failure.input("\(error)") : Failure.database("\(error)")
    } catch {
        return try call { throw error }
    }
}

/// Opens the ledger for writing: first finishes what a crash may have left in the
/// attachment folder (staged photos published or removed).
func openLedgerForWriting(_ database: DatabaseOptions) throws -> Ledger {
    let ledger = Ledger(registry: try database.openRegistry())
    try ledgerCall { try ledger.recoverAttachments() }
    return ledger
}

extension LedgerEntity {
    /// The entity as JSON with its id first.
    func json() throws -> JSONValue {
        let document = try ledgerCall { try self.document() }
        return .object(JSONObject([("id", id.map { .number(Double($0)) } ?? .null)] + document.map { ($0.key, $0.value) }))
    }
}
