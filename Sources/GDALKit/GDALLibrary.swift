import CGDAL

/// GDAL's one-time set-up: the library loaded (dlopen, on first use of a GDAL format — see
/// Sources/CGDAL/shim.h), drivers registered, errors kept quiet (they are read back with
/// ``lastError(_:)`` and reported in the registry's own words instead of on stderr).
///
/// GDAL keeps its driver registry process-wide; a Swift static is initialised exactly once,
/// thread-safely, so every entry point calls ``ready()`` first.
enum GDALLibrary {
    /// The resolved function table; immutable once loaded, so sharing it between threads is
    /// as safe as calling GDAL itself.
    struct Table: @unchecked Sendable {
        let functions: UnsafePointer<OutfallsGDAL>
    }

    static let loaded: Result<Table, GDALError> = {
        var reason = [CChar](repeating: 0, count: 512)
        guard let functions = outfalls_gdal_load(&reason, reason.count) else {
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(GDALError(operation: "加载 GDAL 库 (loading the GDAL library; is libgdal installed?)", message: text))
        }
        functions.pointee.GDALAllRegister()
        functions.pointee.CPLSetErrorHandler(functions.pointee.CPLQuietErrorHandler)
        return .success(Table(functions: functions))
    }()

    /// Loads GDAL if it is not loaded yet; throws if it cannot be.
    static func ready() throws(GDALError) {
        _ = try loaded.get()
    }

    /// The function table. Only reachable after an entry point's ``ready()`` succeeded: every
    /// GDAL handle GDALKit holds was made through one.
    static var functions: UnsafePointer<OutfallsGDAL> {
        switch loaded {
        case .success(let table): table.functions
        case .failure(let error): fatalError("GDAL called before it was loaded: \(error)")
        }
    }

    static func lastError(_ operation: String) -> GDALError {
        let message = gdal.pointee.CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        gdal.pointee.CPLErrorReset()
        return GDALError(operation: operation, message: message.isEmpty ? "unknown error" : message)
    }

    /// A NULL-terminated C string list (`char **`) for GDAL options, freed by `body`'s end.
    static func withOptions<T>(_ options: [String: String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for (key, value) in options.sorted(by: { $0.key < $1.key }) { list = gdal.pointee.CSLSetNameValue(list, key, value) }
        defer { gdal.pointee.CSLDestroy(list) }
        return try body(list)
    }

    public static var version: String {
        do { try ready() } catch { return "\(error)" }
        return (gdal.pointee.GDALVersionInfo("RELEASE_NAME").map { String(cString: $0) } ?? "")
    }
}

/// GDAL's functions, as GDALKit calls them (`gdal.pointee.OGR_F_Create(…)`).
var gdal: UnsafePointer<OutfallsGDAL> { GDALLibrary.functions }
