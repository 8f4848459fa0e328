import GeoKit
import RegistryStore
import Rivers

/// Why a registry operation (other than an import) could not be done.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case network(NetworkError)
    case crs(CRSError)
    case notFound(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .store(let e): "\(e)"
        case .network(let e): "\(e)"
        case .crs(let e): "\(e)"
        case .notFound(let what): "找不到\(what) (not found)"
        case .invalid(let reason): reason
        }
    }
}

/// Runs `body`, wrapping the lower layers' errors.
func wrapping<T>(_ body: () throws -> T) throws(RegistryError) -> T {
    do {
        return try body()
    } catch let error as RegistryError {
        throw error
    } catch let error as StoreError {
        throw .store(error)
    } catch let error as NetworkError {
        throw .network(error)
    } catch let error as CRSError {
        throw .crs(error)
    } catch {
        throw .invalid("\(error)")
    }
}
