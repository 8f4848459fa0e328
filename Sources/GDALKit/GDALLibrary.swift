import CGDAL

/// GDAL's one-time set-up: drivers registered, errors kept quiet (they are read back with
/// ``lastError(_:)`` and reported in the registry's own words instead of on stderr).
///
/// GDAL keeps its driver registry process-wide; a Swift static is initialised exactly once,
/// thread-safely, so every entry point touches ``ready`` first.
enum GDALLibrary {
    static let ready: Void = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
    }()

    static func lastError(_ operation: String) -> GDALError {
        let message = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        CPLErrorReset()
        return GDALError(operation: operation, message: message.isEmpty ? "unknown error" : message)
    }

    /// A NULL-terminated C string list (`char **`) for GDAL options, freed by `body`'s end.
    static func withOptions<T>(_ options: [String: String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for (key, value) in options.sorted(by: { $0.key < $1.key }) { list = CSLSetNameValue(list, key, value) }
        defer { CSLDestroy(list) }
        return try body(list)
    }

    public static var version: String { String(cString: GDALVersionInfo("RELEASE_NAME")) }
}
