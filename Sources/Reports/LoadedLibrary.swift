/// The document libraries Reports calls (pango + cairo, libxlsxwriter, libqrencode) are not
/// linked but loaded with dlopen the first time a document needs one, so that processes that
/// write no document (`outfalls --help`, a siting check) do not pay for loading them — see
/// Sources/CPangoCairo/shim.h. Each C module has a loader that fills a table of function
/// pointers; this is the Swift side they share.

/// A resolved function table; immutable once loaded, so sharing it between threads is as safe
/// as calling the library itself.
struct LoadedLibrary<Functions>: @unchecked Sendable {
    let functions: UnsafePointer<Functions>

    /// Runs a C loader (`outfalls_…_load(error, size)`) once; a failure names the library and
    /// the Debian package that provides it.
    static func load(
        library: String, package: String, _ loader: (UnsafeMutablePointer<CChar>, Int) -> UnsafePointer<Functions>?
    ) -> Result<LoadedLibrary, ReportError> {
        var reason = [CChar](repeating: 0, count: 512)
        let count = reason.count
        let functions = reason.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { loader($0, count) } }
        guard let functions else {
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(.libraryMissing(library: library, package: package, reason: text.isEmpty ? "dlopen failed" : text))
        }
        return .success(LoadedLibrary(functions: functions))
    }
}

extension Result where Failure == ReportError {
    /// The table, for code that runs only after its entry point's `ready()` succeeded.
    func table<Functions>(_ name: String) -> UnsafePointer<Functions> where Success == LoadedLibrary<Functions> {
        switch self {
        case .success(let library): library.functions
        case .failure(let error): fatalError("\(name) called before it was loaded: \(error)")
        }
    }
}
