import Reports

/// The dossier as a printable A4 PDF (cairo + pango through ``PDFDocument``).
public enum DossierPDF {
    public static func document(_ outline: DossierOutline) -> PDFDocument {
        var pdf = PDFDocument(metadataTitle: outline.title, footerNote: outline.banner == nil ? nil : "示意数据，仅供演示，不能作为执法或审批依据")
        pdf.title(outline.title)
        pdf.note(outline.generated)
        if let banner = outline.banner { pdf.paragraph(banner) }
        for section in outline.sections {
            pdf.heading(section.title)
            for item in section.items {
                switch item {
                case .facts(let pairs):
                    pdf.table(PDFTable(header: [], rows: pairs.map { [$0.0, $0.1] }, widths: [1, 3]))
                case .table(let header, let rows, let widths):
                    pdf.table(PDFTable(header: header, rows: rows, widths: widths))
                case .paragraph(let text):
                    pdf.paragraph(text)
                case .note(let text):
                    pdf.note(text)
                case .photo(let path, let caption, let fileName):
                    if let path {
                        pdf.image(path: path, caption: "\(caption)（\(fileName)）")
                    } else {
                        pdf.note("照片：\(caption)（\(fileName)，文件缺失）")
                    }
                }
            }
        }
        return pdf
    }

    /// Writes the dossier's PDF to `path` atomically.
    public static func write(_ outline: DossierOutline, to path: String) throws(ReportError) {
        try document(outline).write(to: path)
    }
}

extension Ledger {
    /// The stored file of an attachment, if it is there.
    public func attachmentPath(_ sha256: String) -> String? {
        attachments.contains(sha256) ? attachments.path(of: sha256) : nil
    }
}
