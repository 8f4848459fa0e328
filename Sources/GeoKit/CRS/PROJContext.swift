import Foundation
import CPROJ

/// One PROJ context: PROJ's database connection, error state and log. Like GEOS contexts,
/// one per thread or task; it may move between tasks, hence `@unchecked Sendable`.
public final class PROJContext: @unchecked Sendable {
    let handle: OpaquePointer
    private let log: LogBox

    /// PROJ writes its real error text to the log, not to the errno string, so capture it.
    private final class LogBox {
        var lastMessage = ""
    }

    public init() {
        guard let handle = proj_context_create() else { fatalError("proj_context_create: out of memory") }
        self.handle = handle
        self.log = LogBox()
        proj_log_func(
            handle, Unmanaged.passUnretained(log).toOpaque(),
            { userdata, _, message in
                guard let userdata, let message else { return }
                Unmanaged<LogBox>.fromOpaque(userdata).takeUnretainedValue().lastMessage = String(cString: message)
            })
        proj_log_level(handle, PJ_LOG_ERROR)
    }

    /// A context that looks for proj.db (and grids, and proj.ini) only in `directories`.
    convenience init(searchPaths directories: [String]) {
        self.init()
        let copies = directories.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        pointers.withUnsafeBufferPointer { proj_context_set_search_paths(handle, Int32($0.count), $0.baseAddress) }
    }

    /// A context with no database: it builds operations from PROJ pipeline strings and fails
    /// every EPSG lookup. PROJ opens proj.db for any object a context creates if it can find
    /// one, even a pipeline string that needs nothing from it, and opening it costs ~10 ms.
    public static func withoutDatabase() -> PROJContext {
        // A path under a file can never hold a proj.db.
        PROJContext(searchPaths: ["/dev/null/proj"])
    }

    deinit {
        proj_context_destroy(handle)
    }

    /// The PROJ version, e.g. "9.1.1".
    public var version: String {
        let info = proj_info()
        return info.version.map { String(cString: $0) } ?? "unknown"
    }

    /// What went wrong last, from the log if PROJ wrote there, else from errno.
    func lastError() -> String {
        let logged = log.lastMessage
        log.lastMessage = ""
        if !logged.isEmpty { return logged }
        let errno = proj_context_errno(handle)
        return proj_context_errno_string(handle, errno).map { String(cString: $0) } ?? "unknown error"
    }
}
