import CPangoCairo
import Foundation

/// Lays a ``PDFDocument`` out on A4 pages, then draws it: pagination first (so every
/// footer can say how many pages there are), drawing second.
struct PDFRenderer {
    // A4 in points, 20 mm margins; the footer sits in the bottom margin.
    static let pageWidth = 595.276
    static let pageHeight = 841.89
    static let margin = 56.7
    static let contentTop = margin
    static let contentBottom = pageHeight - margin - 6
    static let contentWidth = pageWidth - 2 * margin
    static let cellPadding = 4.0
    /// A heading needs room for this many body lines under it, or it moves to the next page.
    static let linesKeptWithHeading = 3.0

    /// Something drawn on a page.
    enum Mark {
        case line(TextLayout, TextLayout.Line, x: Double, top: Double)
        case box(x: Double, y: Double, width: Double, height: Double, shaded: Bool)
        case image(PNGImage, x: Double, y: Double, scale: Double)
    }

    let document: PDFDocument

    func render(to path: String) throws(ReportError) -> PDFLayoutSummary {
        let pdf = try CairoPDFSurface(path: path, width: Self.pageWidth, height: Self.pageHeight)
        pangoCairo.pointee.cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_TITLE, document.metadataTitle)
        pangoCairo.pointee.cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Outfall Registry 入河排污口登记系统")
        var pager = try Pager(context: pdf.context, family: document.fontFamily)
        var placements: [PDFLayoutSummary.Placement] = []
        for (i, block) in document.blocks.enumerated() {
            let first = pager.pages.count
            try pager.place(block, next: i + 1 < document.blocks.count ? document.blocks[i + 1] : nil)
            // A block that only moved to a new page starts there.
            let start = pager.firstPageOfLastBlock ?? first
            placements.append(.init(firstPage: start, lastPage: pager.pages.count))
        }
        let total = pager.pages.count
        let footerFont = try FontHandle(family: document.fontFamily, size: 8, bold: false)
        for (n, marks) in pager.pages.enumerated() {
            draw(marks, context: pdf.context)
            let number = try TextLayout(
                context: pdf.context, text: "第 \(n + 1) 页 / 共 \(total) 页", font: footerFont, width: Self.contentWidth, center: true)
            pangoCairo.pointee.cairo_set_source_rgb(pdf.context, 0.3, 0.3, 0.3)
            let footerTop = Self.pageHeight - Self.margin / 2 - 6
            for line in number.lines { number.draw(line: line, x: Self.margin, top: footerTop + line.top, context: pdf.context) }
            if let note = document.footerNote {
                let layout = try TextLayout(context: pdf.context, text: note, font: footerFont, width: Self.contentWidth)
                for line in layout.lines.prefix(1) {
                    layout.draw(line: line, x: Self.margin, top: footerTop - line.height - 2, context: pdf.context)
                }
            }
            pangoCairo.pointee.cairo_show_page(pdf.context)
        }
        if let problem = pdf.finish() { throw .cannotWrite(path: path, reason: problem) }
        return PDFLayoutSummary(pageCount: total, placements: placements)
    }

    private func draw(_ marks: [Mark], context: OpaquePointer) {
        for mark in marks {
            switch mark {
            case .line(let layout, let line, let x, let top):
                pangoCairo.pointee.cairo_set_source_rgb(context, 0, 0, 0)
                layout.draw(line: line, x: x, top: top, context: context)
            case .box(let x, let y, let width, let height, let shaded):
                pangoCairo.pointee.cairo_rectangle(context, x, y, width, height)
                if shaded {
                    pangoCairo.pointee.cairo_set_source_rgb(context, 0.92, 0.92, 0.92)
                    pangoCairo.pointee.cairo_fill_preserve(context)
                }
                pangoCairo.pointee.cairo_set_source_rgb(context, 0.55, 0.55, 0.55)
                pangoCairo.pointee.cairo_set_line_width(context, 0.5)
                pangoCairo.pointee.cairo_stroke(context)
            case .image(let image, let x, let y, let scale):
                pangoCairo.pointee.cairo_save(context)
                pangoCairo.pointee.cairo_translate(context, x, y)
                pangoCairo.pointee.cairo_scale(context, scale, scale)
                pangoCairo.pointee.cairo_set_source_surface(context, image.surface, 0, 0)
                pangoCairo.pointee.cairo_paint(context)
                pangoCairo.pointee.cairo_restore(context)
            }
        }
    }
}

/// Places blocks on pages, top to bottom.
struct Pager {
    let context: OpaquePointer
    let body: FontHandle
    let bold: FontHandle
    let headingFont: FontHandle
    let titleFont: FontHandle
    let small: FontHandle
    let bodyLineHeight: Double
    var pages: [[PDFRenderer.Mark]] = [[]]
    var cursor = PDFRenderer.contentTop
    /// The page the block just placed began on, when that differs from where it was started.
    var firstPageOfLastBlock: Int?

    init(context: OpaquePointer, family: String) throws(ReportError) {
        self.context = context
        body = try FontHandle(family: family, size: 10.5, bold: false)
        bold = try FontHandle(family: family, size: 10, bold: true)
        headingFont = try FontHandle(family: family, size: 13.5, bold: true)
        titleFont = try FontHandle(family: family, size: 18, bold: true)
        small = try FontHandle(family: family, size: 9, bold: false)
        let probe = try TextLayout(context: context, text: "国", font: body, width: PDFRenderer.contentWidth)
        bodyLineHeight = probe.height
    }

    var room: Double { PDFRenderer.contentBottom - cursor }
    var atTop: Bool { cursor <= PDFRenderer.contentTop + 0.01 }

    mutating func newPage() {
        pages.append([])
        cursor = PDFRenderer.contentTop
    }

    /// How much of `next` must fit under a heading: three body lines, or all of a shorter paragraph.
    func keptWithHeading(_ next: PDFDocument.Block?) throws(ReportError) -> Double {
        let three = PDFRenderer.linesKeptWithHeading * bodyLineHeight
        switch next {
        case nil: return 0
        case .paragraph(let text), .note(let text):
            let layout = try TextLayout(context: context, text: text, font: body, width: PDFRenderer.contentWidth)
            return min(three, layout.height)
        default: return three
        }
    }

    mutating func place(_ block: PDFDocument.Block, next: PDFDocument.Block?) throws(ReportError) {
        firstPageOfLastBlock = nil
        switch block {
        case .title(let text):
            let layout = try TextLayout(context: context, text: text, font: titleFont, width: PDFRenderer.contentWidth, center: true)
            placeLines(layout, x: PDFRenderer.margin)
            cursor += 10
        case .heading(let text):
            let layout = try TextLayout(context: context, text: text, font: headingFont, width: PDFRenderer.contentWidth)
            cursor += 8
            // Never the last thing on a page: it needs room for a few body lines under it.
            let needed = layout.height + 4 + (try keptWithHeading(next))
            if needed > room && !atTop { newPage() }
            markStart()
            placeLines(layout, x: PDFRenderer.margin)
            cursor += 4
        case .paragraph(let text):
            let layout = try TextLayout(context: context, text: text, font: body, width: PDFRenderer.contentWidth)
            placeLines(layout, x: PDFRenderer.margin)
            cursor += 4
        case .note(let text):
            let layout = try TextLayout(context: context, text: text, font: small, width: PDFRenderer.contentWidth)
            placeLines(layout, x: PDFRenderer.margin)
            cursor += 3
        case .table(let table):
            try placeTable(table)
            cursor += 6
        case .image(let path, let caption):
            try placeImage(path: path, caption: caption)
        }
    }

    /// Records that the block starts on the current page (it may have moved to a new one).
    private mutating func markStart() {
        if firstPageOfLastBlock == nil { firstPageOfLastBlock = pages.count }
    }

    /// Places a layout's lines one by one, breaking to a new page between lines.
    private mutating func placeLines(_ layout: TextLayout, x: Double) {
        for line in layout.lines {
            if line.height > room && !atTop { newPage() }
            markStart()
            pages[pages.count - 1].append(.line(layout, line, x: x, top: cursor))
            cursor += line.height
        }
    }

    private mutating func placeTable(_ table: PDFTable) throws(ReportError) {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return }
        let relative = table.widths.count == columns ? table.widths.map { max($0, 0.01) } : Array(repeating: 1.0, count: columns)
        let sum = relative.reduce(0, +)
        let widths = relative.map { $0 / sum * PDFRenderer.contentWidth }
        let pad = PDFRenderer.cellPadding
        func layouts(_ cells: [String], font: FontHandle, maxHeight: Double?) throws(ReportError) -> (cells: [TextLayout], height: Double) {
            var result: [TextLayout] = []
            var height = 0.0
            for c in 0..<columns {
                let text = c < cells.count ? cells[c] : ""
                let layout = try TextLayout(context: context, text: text, font: font, width: widths[c] - 2 * pad, maxHeight: maxHeight)
                result.append(layout)
                height = max(height, layout.height)
            }
            return (result, height + 2 * pad)
        }
        let header = table.header.isEmpty ? nil : try layouts(table.header, font: bold, maxHeight: nil)
        let headerHeight = header?.height ?? 0
        let maxCell = PDFRenderer.contentBottom - PDFRenderer.contentTop - headerHeight - 2 * pad - 2
        func placeRow(_ row: (cells: [TextLayout], height: Double), shaded: Bool) {
            var x = PDFRenderer.margin
            for (c, layout) in row.cells.enumerated() {
                pages[pages.count - 1].append(.box(x: x, y: cursor, width: widths[c], height: row.height, shaded: shaded))
                for line in layout.lines {
                    pages[pages.count - 1].append(.line(layout, line, x: x + pad, top: cursor + pad + line.top))
                }
                x += widths[c]
            }
            cursor += row.height
        }
        var first = true
        for cells in table.rows.isEmpty ? [[String]()] : table.rows {
            let row = try layouts(cells, font: body, maxHeight: maxCell)
            // A row never breaks; the header goes with the first row and repeats on each page.
            let needed = row.height + (first ? headerHeight : 0)
            if needed > room && !atTop {
                newPage()
            }
            markStart()
            if let header, first || atTop { placeRow(header, shaded: true) }
            placeRow(row, shaded: false)
            first = false
        }
    }

    private mutating func placeImage(path: String, caption: String) throws(ReportError) {
        let name = (path as NSString).lastPathComponent
        guard let image = PNGImage(path: path) else {
            let layout = try TextLayout(context: context, text: "［附件 \(name)：\(caption)］", font: small, width: PDFRenderer.contentWidth)
            placeLines(layout, x: PDFRenderer.margin)
            cursor += 3
            return
        }
        let maxHeight = (PDFRenderer.contentBottom - PDFRenderer.contentTop) * 0.45
        let scale = min(1, PDFRenderer.contentWidth / image.width, maxHeight / image.height)
        let captionLayout = try TextLayout(context: context, text: caption, font: small, width: PDFRenderer.contentWidth)
        let height = image.height * scale
        if height + captionLayout.height + 4 > room && !atTop { newPage() }
        markStart()
        pages[pages.count - 1].append(.image(image, x: PDFRenderer.margin, y: cursor, scale: scale))
        cursor += height + 2
        placeLines(captionLayout, x: PDFRenderer.margin)
        cursor += 6
    }
}
