/// A printable document (A4, Chinese text) built as a value — a title, headings, wrapped
/// paragraphs, tables with wrapping cells, PNG images — and laid out and written once
/// through cairo + pango (``write(to:)``).
///
/// Layout rules: paragraphs break between lines across pages; a table row never breaks and
/// the header row is repeated on each page the table continues on; a heading is never the
/// last thing on a page — it moves to the next page when fewer than three body lines (or
/// all of a shorter paragraph) fit under it; every page carries "第 n 页 / 共 N 页" and the ``footerNote`` (used for the
/// schematic-data warning) in its footer.
///
/// ## Topics
/// - Building: ``title(_:)``, ``heading(_:)``, ``paragraph(_:)``, ``table(_:)``, ``image(path:caption:)``
/// - Writing: ``write(to:)`` → ``PDFLayoutSummary``
public struct PDFDocument: Sendable {
    public enum Block: Sendable, Equatable {
        case title(String)
        case heading(String)
        case paragraph(String)
        /// Smaller grey text (notes, captions, the legal basis under a finding).
        case note(String)
        case table(PDFTable)
        /// A PNG drawn to fit the page width; other files (JPEG) are listed by name.
        case image(path: String, caption: String)
    }

    /// The font family; Noto Sans CJK SC is installed by fonts-noto-cjk.
    public var fontFamily: String
    /// Document title for the PDF metadata.
    public var metadataTitle: String
    /// Shown on every page's footer, left (e.g. "示意数据，仅供演示").
    public var footerNote: String?
    public private(set) var blocks: [Block] = []

    public init(metadataTitle: String, fontFamily: String = "Noto Sans CJK SC", footerNote: String? = nil) {
        self.metadataTitle = metadataTitle
        self.fontFamily = fontFamily
        self.footerNote = footerNote
    }

    public mutating func title(_ text: String) { blocks.append(.title(text)) }
    public mutating func heading(_ text: String) { blocks.append(.heading(text)) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    public mutating func note(_ text: String) { blocks.append(.note(text)) }
    public mutating func table(_ table: PDFTable) { blocks.append(.table(table)) }
    public mutating func image(path: String, caption: String) { blocks.append(.image(path: path, caption: caption)) }

    /// Lays the document out on A4 pages and writes it to `path` atomically (a temporary
    /// file beside it, renamed). Returns where each block landed.
    @discardableResult
    public func write(to path: String) throws(ReportError) -> PDFLayoutSummary {
        var summary = PDFLayoutSummary(pageCount: 0, placements: [])
        try AtomicFile.write(to: path) { (temporary: String) throws(ReportError) in
            summary = try PDFRenderer(document: self).render(to: temporary)
        }
        return summary
    }
}

/// A table: header and rows of text; `widths` are relative column widths (all equal when empty).
public struct PDFTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    public var widths: [Double]

    public init(header: [String], rows: [[String]], widths: [Double] = []) {
        self.header = header
        self.rows = rows
        self.widths = widths
    }
}

/// Where the blocks of a written document landed (pages count from 1).
public struct PDFLayoutSummary: Sendable, Equatable {
    public struct Placement: Sendable, Equatable {
        public var firstPage: Int
        public var lastPage: Int
    }

    public var pageCount: Int
    /// One per block, in order.
    public var placements: [Placement]
}
