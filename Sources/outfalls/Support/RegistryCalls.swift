import Foundation
import GeoKit
import Registry
import RegistryStore
import Supervision

func parseCRS(_ text: String?) throws -> CRS {
    guard let text else { return .cgcs2000 }
    do { return try CRS(parsing: text) } catch { throw Failure.input("\(error)") }
}

/// Runs a registry call, turning its errors into ``Failure``s: database problems exit 2,
/// everything else (bad input, not found) exits 1.
func call<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as Failure {
        throw failure
    } catch let error as LedgerError {
        throw error.isInputProblem ? Failure.input("\(error)") : Failure.database("\(error)")
    } catch let error as RegistryError {
        if case .store = error { throw Failure.database("\(error)") }
        throw Failure.input("\(error)")
    } catch let error as StoreError {
        // A refused value (a duplicate code, an unknown user) is the user's input, not a database fault.
        switch error {
        case .duplicateValue, .noSuchUser: throw Failure.input("\(error)")
        default: throw Failure.database("\(error)")
        }
    } catch {
        throw Failure.input("\(error)")
    }
}
