import CPangoCairo
import Foundation

// Owners of the cairo and pango handles a PDF is drawn with: each frees its handle when the
// last reference goes, so no path leaks one, and nothing outside Reports sees them.

/// A cairo PDF surface and its drawing context.
final class CairoPDFSurface {
    let surface: OpaquePointer
    let context: OpaquePointer

    init(path: String, width: Double, height: Double) throws(ReportError) {
        try PangoCairoLibrary.ready()
        guard let surface = pangoCairo.pointee.cairo_pdf_surface_create(path, width, height) else {
            throw .cannotWrite(path: path, reason: "cairo 无法创建 PDF (cairo_pdf_surface_create failed)")
        }
        guard pangoCairo.pointee.cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = pangoCairo.pointee.cairo_create(surface) else {
            let reason = Self.message(pangoCairo.pointee.cairo_surface_status(surface))
            pangoCairo.pointee.cairo_surface_destroy(surface)
            throw .cannotWrite(path: path, reason: reason)
        }
        self.surface = surface
        self.context = context
    }

    /// Finishes the file; the surface's status says whether everything was written.
    func finish() -> String? {
        pangoCairo.pointee.cairo_surface_finish(surface)
        let status = pangoCairo.pointee.cairo_surface_status(surface)
        return status == CAIRO_STATUS_SUCCESS ? nil : Self.message(status)
    }

    /// cairo's words for a status (a static string; NULL only for a status cairo does not know).
    static func message(_ status: cairo_status_t) -> String {
        pangoCairo.pointee.cairo_status_to_string(status).map { String(cString: $0) } ?? "cairo status \(status.rawValue)"
    }

    deinit {
        pangoCairo.pointee.cairo_destroy(context)
        pangoCairo.pointee.cairo_surface_destroy(surface)
    }
}

/// A pango font description.
final class FontHandle {
    let description: OpaquePointer

    init(family: String, size: Double, bold: Bool) throws(ReportError) {
        // pango aborts on out-of-memory rather than return NULL; the guard is for the type.
        guard let description = pangoCairo.pointee.pango_font_description_new() else {
            throw .refused("pango 无法创建字体描述 (pango_font_description_new failed)")
        }
        self.description = description
        pangoCairo.pointee.pango_font_description_set_family(description, family)
        pangoCairo.pointee.pango_font_description_set_size(description, Int32((size * Double(PANGO_SCALE)).rounded()))
        pangoCairo.pointee.pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    }

    deinit { pangoCairo.pointee.pango_font_description_free(description) }
}

/// A laid-out piece of text (a paragraph, a heading, a table cell), wrapped to a width.
final class TextLayout {
    struct Line {
        var index: Int32
        /// Top and bottom of the line and its baseline, in points from the layout's top.
        var top: Double
        var bottom: Double
        var baseline: Double
        /// Where the line starts from the layout's left edge (non-zero for centred text).
        var x: Double
        var height: Double { bottom - top }
    }

    let layout: OpaquePointer
    private(set) var lines: [Line] = []
    var height: Double { (lines.last?.bottom ?? 0) - (lines.first?.top ?? 0) }

    init(context: OpaquePointer, text: String, font: FontHandle, width: Double, center: Bool = false, maxHeight: Double? = nil) throws(ReportError) {
        guard let layout = pangoCairo.pointee.pango_cairo_create_layout(context) else { throw .refused("pango 无法排版文字 (pango_cairo_create_layout failed)") }
        self.layout = layout
        // Pango assumes 96 dpi; a PDF's unit is the point (1/72 in), so sizes in points would
        // come out a third too large.
        pangoCairo.pointee.pango_cairo_context_set_resolution(pangoCairo.pointee.pango_layout_get_context(layout), 72)
        pangoCairo.pointee.pango_layout_context_changed(layout)
        let scale = Double(PANGO_SCALE)
        pangoCairo.pointee.pango_layout_set_font_description(layout, font.description)
        pangoCairo.pointee.pango_layout_set_width(layout, Int32((width * scale).rounded(.down)))
        pangoCairo.pointee.pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if center { pangoCairo.pointee.pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER) }
        if let maxHeight {
            // A cell taller than a page is cut with an ellipsis rather than lost off the page.
            pangoCairo.pointee.pango_layout_set_height(layout, Int32((maxHeight * scale).rounded(.down)))
            pangoCairo.pointee.pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        pangoCairo.pointee.pango_layout_set_text(layout, text, -1)
        guard let iterator = pangoCairo.pointee.pango_layout_get_iter(layout) else { return }
        defer { pangoCairo.pointee.pango_layout_iter_free(iterator) }
        var index: Int32 = 0
        repeat {
            var y0: Int32 = 0
            var y1: Int32 = 0
            pangoCairo.pointee.pango_layout_iter_get_line_yrange(iterator, &y0, &y1)
            let baseline = pangoCairo.pointee.pango_layout_iter_get_baseline(iterator)
            var logical = PangoRectangle()
            pangoCairo.pointee.pango_layout_iter_get_line_extents(iterator, nil, &logical)
            lines.append(Line(
                index: index, top: Double(y0) / scale, bottom: Double(y1) / scale, baseline: Double(baseline) / scale,
                x: Double(logical.x) / scale))
            index += 1
        } while pangoCairo.pointee.pango_layout_iter_next_line(iterator) != 0
    }

    /// Draws line `line` with its top at `top`.
    func draw(line: Line, x: Double, top: Double, context: OpaquePointer) {
        guard let handle = pangoCairo.pointee.pango_layout_get_line_readonly(layout, line.index) else { return }
        pangoCairo.pointee.cairo_move_to(context, x + line.x, top + (line.baseline - line.top))
        pangoCairo.pointee.pango_cairo_show_layout_line(context, handle)
    }

    deinit { pangoCairo.pointee.g_object_unref(UnsafeMutableRawPointer(layout)) }
}

/// A decoded PNG.
final class PNGImage {
    /// Larger images are refused before decoding (a small file can claim huge dimensions).
    static let maximumSide = 10_000

    let surface: OpaquePointer
    let width: Double
    let height: Double

    /// The PNG at `path`, or nil if it is not a readable PNG within the size limit.
    init?(path: String) {
        // Unreadable means "not drawn": the caller lists the file by name instead.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header: Data
        do { header = try handle.read(upToCount: 24) ?? Data() } catch { return nil }
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard header.count == 24, Array(header.prefix(8)) == signature else { return nil }
        func be32(_ at: Int) -> Int { header[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let w = be32(16), h = be32(20)
        guard (1...Self.maximumSide).contains(w), (1...Self.maximumSide).contains(h) else { return nil }
        guard let surface = pangoCairo.pointee.cairo_image_surface_create_from_png(path) else { return nil }
        guard pangoCairo.pointee.cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            pangoCairo.pointee.cairo_surface_destroy(surface)
            return nil
        }
        self.surface = surface
        width = Double(pangoCairo.pointee.cairo_image_surface_get_width(surface))
        height = Double(pangoCairo.pointee.cairo_image_surface_get_height(surface))
    }

    deinit { pangoCairo.pointee.cairo_surface_destroy(surface) }
}
