import Registry
import RegistryStore
import Supervision

extension Ledger {
    /// Runs a registry (layer) use case from a ledger use case, with its errors as ``LedgerError``s:
    /// database faults stay system faults, everything else is the input's.
    func registryCall<T>(_ body: () throws -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch let error as RegistryError {
            switch error {
            case .store(let store): throw .storage("\(store)")
            case .notFound(let what): throw .notFound(.layer("outfalls"), what)
            default: throw .refused(subject: "图层数据 (layers)", reason: "\(error)")
            }
        } catch {
            throw Self.ledgerError(error)
        }
    }
}
