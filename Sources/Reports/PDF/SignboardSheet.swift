import CPangoCairo
import Foundation

/// One printable outfall signboard (树标立牌): a heading, the outfall's name, labelled
/// fields, and a QR code to its public page, printed as text under the code too.
public struct Signboard: Sendable, Equatable {
    public var heading: String
    public var name: String
    /// Label → value, in order (编码, 类型, 责任主体, 受纳水体, 监督电话…).
    public var fields: [(label: String, value: String)]
    public var qrText: String
    public var qrCaption: String
    /// Small print at the foot (a schematic-data warning).
    public var footnote: String?

    public init(heading: String, name: String, fields: [(label: String, value: String)], qrText: String, qrCaption: String, footnote: String? = nil) {
        self.heading = heading
        self.name = name
        self.fields = fields
        self.qrText = qrText
        self.qrCaption = qrCaption
        self.footnote = footnote
    }

    public static func == (a: Signboard, b: Signboard) -> Bool {
        a.heading == b.heading && a.name == b.name && a.fields.map(\.label) == b.fields.map(\.label)
            && a.fields.map(\.value) == b.fields.map(\.value) && a.qrText == b.qrText && a.qrCaption == b.qrCaption && a.footnote == b.footnote
    }
}

/// Paper for signboards: one sign per page.
public enum SignboardPaper: String, Sendable, CaseIterable {
    case a4, a3

    /// Portrait width and height in points.
    var size: (width: Double, height: Double) {
        switch self {
        case .a4: (595.276, 841.89)
        case .a3: (841.89, 1190.551)
        }
    }
}

/// Signboards written to one PDF, a page each, through cairo + pango. The QR code is drawn as
/// vector squares (one rectangle per run of dark modules) with a four-module quiet zone.
public struct SignboardSheet: Sendable {
    public var signs: [Signboard]
    public var paper: SignboardPaper
    public var fontFamily: String
    public static let maxSigns = 5_000

    public init(signs: [Signboard], paper: SignboardPaper = .a4, fontFamily: String = "Noto Sans CJK SC") {
        self.signs = signs
        self.paper = paper
        self.fontFamily = fontFamily
    }

    /// Writes the PDF atomically; returns the page count.
    @discardableResult
    public func write(to path: String) throws(ReportError) -> Int {
        guard !signs.isEmpty else { throw .refused("没有要打印的标志牌 (no signs)") }
        guard signs.count <= Self.maxSigns else { throw .refused("一次最多 \(Self.maxSigns) 块标志牌 (too many signs)") }
        let codes = try signs.map { sign throws(ReportError) in try QRCode(encoding: sign.qrText, level: .quartile) }
        try AtomicFile.write(to: path) { (temporary: String) throws(ReportError) in
            let (width, height) = paper.size
            let pdf = try CairoPDFSurface(path: temporary, width: width, height: height)
            pangoCairo.pointee.cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_TITLE, "入河排污口标志牌")
            pangoCairo.pointee.cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATOR, "Outfall Registry 入河排污口登记系统")
            for (sign, code) in zip(signs, codes) {
                try draw(sign, code: code, context: pdf.context, width: width, height: height)
                pangoCairo.pointee.cairo_show_page(pdf.context)
            }
            if let problem = pdf.finish() { throw .cannotWrite(path: path, reason: problem) }
        }
        return signs.count
    }

    private func draw(_ sign: Signboard, code: QRCode, context: OpaquePointer, width: Double, height: Double) throws(ReportError) {
        // Everything scales with the paper: A3 is A4 × √2.
        let s = width / 595.276
        let margin = 42 * s
        let inner = width - 2 * margin
        // The frame and the blue band a sign carries.
        pangoCairo.pointee.cairo_set_source_rgb(context, 0.05, 0.25, 0.55)
        pangoCairo.pointee.cairo_set_line_width(context, 6 * s)
        pangoCairo.pointee.cairo_rectangle(context, margin / 2, margin / 2, width - margin, height - margin)
        pangoCairo.pointee.cairo_stroke(context)
        pangoCairo.pointee.cairo_rectangle(context, margin / 2, margin / 2, width - margin, 78 * s)
        pangoCairo.pointee.cairo_fill(context)

        var y = margin / 2 + 18 * s
        pangoCairo.pointee.cairo_set_source_rgb(context, 1, 1, 1)
        y += try text(sign.heading, size: 26 * s, bold: true, x: margin, top: y, width: inner, center: true, context: context)
        y = margin / 2 + 78 * s + 22 * s
        pangoCairo.pointee.cairo_set_source_rgb(context, 0, 0, 0)
        y += try text(sign.name, size: 22 * s, bold: true, x: margin, top: y, width: inner, center: true, context: context) + 16 * s

        let labelWidth = 110 * s
        for field in sign.fields {
            pangoCairo.pointee.cairo_set_source_rgb(context, 0.25, 0.25, 0.25)
            let h1 = try text(field.label + "：", size: 14 * s, bold: true, x: margin + 10 * s, top: y, width: labelWidth, center: false, context: context)
            pangoCairo.pointee.cairo_set_source_rgb(context, 0, 0, 0)
            let h2 = try text(field.value, size: 14 * s, bold: false, x: margin + 10 * s + labelWidth, top: y, width: inner - labelWidth - 20 * s, center: false, context: context)
            y += max(h1, h2) + 8 * s
            pangoCairo.pointee.cairo_set_source_rgb(context, 0.8, 0.8, 0.8)
            pangoCairo.pointee.cairo_set_line_width(context, 0.5 * s)
            pangoCairo.pointee.cairo_move_to(context, margin + 10 * s, y - 4 * s)
            pangoCairo.pointee.cairo_line_to(context, width - margin - 10 * s, y - 4 * s)
            pangoCairo.pointee.cairo_stroke(context)
        }

        // The QR code: as large as the room left allows, between 150 and 260 pt on A4.
        let footRoom = 70 * s
        let available = height - margin / 2 - footRoom - (y + 14 * s)
        let side = min(260 * s, max(150 * s, available))
        let quiet = 4
        let module = side / Double(code.size + 2 * quiet)
        let left = ((width - side) / 2).rounded()
        let top = (y + 14 * s).rounded()
        pangoCairo.pointee.cairo_set_source_rgb(context, 1, 1, 1)
        pangoCairo.pointee.cairo_rectangle(context, left, top, side, side)
        pangoCairo.pointee.cairo_fill(context)
        pangoCairo.pointee.cairo_set_source_rgb(context, 0, 0, 0)
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code[column, row] else {
                    column += 1
                    continue
                }
                let start = column
                while column < code.size && code[column, row] { column += 1 }
                pangoCairo.pointee.cairo_rectangle(
                    context, left + Double(start + quiet) * module, top + Double(row + quiet) * module, Double(column - start) * module, module)
            }
        }
        pangoCairo.pointee.cairo_fill(context)
        var below = top + side + 4 * s
        pangoCairo.pointee.cairo_set_source_rgb(context, 0.2, 0.2, 0.2)
        below += try text(sign.qrCaption, size: 11 * s, bold: false, x: margin, top: below, width: inner, center: true, context: context)
        _ = try text(sign.qrText, size: 9 * s, bold: false, x: margin, top: below + 2 * s, width: inner, center: true, context: context)
        if let footnote = sign.footnote {
            pangoCairo.pointee.cairo_set_source_rgb(context, 0.4, 0.4, 0.4)
            _ = try text(footnote, size: 8 * s, bold: false, x: margin, top: height - margin / 2 - 22 * s, width: inner, center: true, context: context)
        }
    }

    /// Draws wrapped text with its top at `top`; returns its height.
    private func text(
        _ text: String, size: Double, bold: Bool, x: Double, top: Double, width: Double, center: Bool, context: OpaquePointer
    ) throws(ReportError) -> Double {
        let font = try FontHandle(family: fontFamily, size: size, bold: bold)
        let layout = try TextLayout(context: context, text: text, font: font, width: width, center: center)
        let first = layout.lines.first?.top ?? 0
        for line in layout.lines { layout.draw(line: line, x: x, top: top + line.top - first, context: context) }
        return layout.height
    }
}
