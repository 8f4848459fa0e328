import Foundation
import JSON
import Supervision
import Workflows

/// Runs a ledger call, turning its errors into ``Failure``s: input problems exit 1,
/// storage problems exit 2.
func ledgerCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LedgerError {
        throw error.isInputProblem ? Failure.input("\(error)") : Failure.database("\(error)")
    } catch {
        return try call { throw error }
    }
}

extension DatabaseOptions {
    func openLedger() throws -> Ledger { Ledger(registry: try openRegistry()) }
}
