import GeoKit
import RegistryStore
import OutfallModel
import Rivers
import Siting

/// Why a registry operation (other than an import) could not be done.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case network(NetworkError)
    case crs(CRSError)
    /// A siting check could not be completed (a zone GEOS could not test): the check fails
    /// closed, so nothing is reported clear and nothing is stored.
    case siting(SitingError)
    /// The township (属地) of a place could not be worked out.
    case areaLookup(AreaLookupError)
    case notFound(String)
    case invalid(String)

    /// Whether the fault is the server's data or machinery rather than the request: the
    /// server answers these with 500, not 400, and the CLI exits 2 or 3, not 1.
    public var isServerFault: Bool {
        switch self {
        // A refused value (a duplicate code, an unknown user) is the request's, not a fault.
        case .store(.duplicateValue), .store(.noSuchUser): false
        case .store, .siting, .areaLookup: true
        case .network, .crs, .notFound, .invalid: false
        }
    }

    public var description: String {
        switch self {
        case .store(let e): "\(e)"
        case .network(let e): "\(e)"
        case .crs(let e): "\(e)"
        case .siting(let e): "\(e)"
        case .areaLookup(let e): "\(e)"
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
    } catch let error as SitingError {
        throw .siting(error)
    } catch let error as AreaLookupError {
        throw .areaLookup(error)
    } catch {
        throw .invalid("\(error)")
    }
}
