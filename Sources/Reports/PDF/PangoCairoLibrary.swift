import CPangoCairo

/// pango and cairo, loaded on the first PDF (dlopen; see Sources/CPangoCairo/shim.h).
/// Every PDF starts with a ``CairoPDFSurface``, whose initialiser calls ``ready()``; the font,
/// layout and image handles are only made on such a surface.
enum PangoCairoLibrary {
    static let loaded = LoadedLibrary<OutfallsPangoCairo>.load(library: "libpangocairo-1.0.so.0", package: "libpangocairo-1.0-0") {
        outfalls_pangocairo_load($0, $1)
    }

    /// Loads pango and cairo if they are not loaded yet; throws if they cannot be.
    static func ready() throws(ReportError) {
        _ = try loaded.get()
    }
}

/// pango's and cairo's functions, as Reports calls them (`pangoCairo.pointee.cairo_fill(…)`).
var pangoCairo: UnsafePointer<OutfallsPangoCairo> { PangoCairoLibrary.loaded.table("pango/cairo") }
