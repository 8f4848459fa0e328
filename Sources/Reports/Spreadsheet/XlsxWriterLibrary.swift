import CXlsxWriter

/// libxlsxwriter, loaded on the first workbook written (dlopen; see Sources/CXlsxWriter/shim.h).
/// ``XLSXWorkbook`` calls ``ready()`` before anything else it asks of the library.
enum XlsxWriterLibrary {
    static let loaded = LoadedLibrary<OutfallsXlsxWriter>.load(library: "libxlsxwriter.so.4", package: "libxlsxwriter4") {
        outfalls_xlsxwriter_load($0, $1)
    }

    /// Loads libxlsxwriter if it is not loaded yet; throws if it cannot be.
    static func ready() throws(ReportError) {
        _ = try loaded.get()
    }
}

/// libxlsxwriter's functions, as Reports calls them (`xlsxWriter.pointee.workbook_close(…)`).
var xlsxWriter: UnsafePointer<OutfallsXlsxWriter> { XlsxWriterLibrary.loaded.table("libxlsxwriter") }
