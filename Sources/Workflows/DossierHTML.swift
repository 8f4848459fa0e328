import Digest
import Foundation
import LayerFormats

/// The dossier as one standalone Chinese HTML page (no scripts, no external files; styles
/// inline, printable). Every value is escaped.
public enum DossierHTML {
    /// The page's own styles, inline so the file stands alone. The server allows exactly this
    /// text by its hash in the page's Content-Security-Policy (``styleHash``), nothing else inline.
    public static let styleSheet = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.6}
        h1{font-size:1.5em;text-align:center}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#eee}table.facts th{width:11em}.note{color:#555;font-size:.9em}.banner{background:#fff3cd;border:1px solid #e0b400;padding:.5em 1em}
        .generated{text-align:center;color:#555}figure{display:inline-block;margin:.5em}figure img{max-width:18em;max-height:14em}
        body,td{overflow-wrap:anywhere}
        .wrap{overflow-x:auto;max-width:100%}
        @media (max-width:600px){body{margin:1em auto}table.facts th{width:auto}figure img{max-width:100%}}
        @media print{body{margin:0}.banner{border-width:2px}}
        """

    /// `'sha256-…'` of ``styleSheet``, for a Content-Security-Policy's `style-src`.
    public static var styleHash: String {
        let hex = Array(SHA256.hex(Array(styleSheet.utf8)).utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
            return nibble(hex[i]) << 4 | nibble(hex[i + 1])
        }
        return "'sha256-\(Data(bytes).base64EncodedString())'"
    }

    /// `pdfURL`, when given, adds a link to the printable PDF under the title (the web page).
    public static func render(_ outline: DossierOutline, photoURL: (String) -> String? = { _ in nil }, pdfURL: String? = nil) -> String {
        func e(_ s: String) -> String { XML.escape(s) }
        func multiline(_ s: String) -> String { e(s).replacingOccurrences(of: "\n", with: "<br>") }
        var h = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(outline.title))</title>
            <style>\(styleSheet)</style></head><body>

            """
        h += "<h1>\(e(outline.title))</h1>\n<p class=\"generated\">\(e(outline.generated))</p>\n"
        if let pdfURL { h += "<p class=\"generated\"><a href=\"\(e(pdfURL))\">打印版 PDF（A4）</a></p>\n" }
        if let banner = outline.banner { h += "<p class=\"banner\">\(e(banner))</p>\n" }
        for section in outline.sections {
            h += "<section><h2>\(e(section.title))</h2>\n"
            for item in section.items {
                switch item {
                case .facts(let pairs):
                    h += "<div class=\"wrap\"><table class=\"facts\">"
                    for (label, value) in pairs { h += "<tr><th>\(e(label))</th><td>\(multiline(value))</td></tr>" }
                    h += "</table></div>\n"
                case .table(let header, let rows, _):
                    h += "<div class=\"wrap\"><table><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
                    for row in rows { h += "<tr>" + row.map { "<td>\(multiline($0))</td>" }.joined() + "</tr>" }
                    h += "</tbody></table></div>\n"
                case .paragraph(let text):
                    h += "<p>\(multiline(text))</p>\n"
                case .note(let text):
                    h += "<p class=\"note\">\(multiline(text))</p>\n"
                case .photo(let path, let caption, let fileName):
                    if let path, let url = photoURL(path) {
                        h += "<figure><img src=\"\(e(url))\" alt=\"\(e(caption))\"><figcaption>\(e(caption))（\(e(fileName))）</figcaption></figure>\n"
                    } else {
                        h += "<p class=\"note\">照片：\(e(caption))（\(e(fileName))\(path == nil ? "，文件缺失" : "")）</p>\n"
                    }
                }
            }
            h += "</section>\n"
        }
        h += "</body></html>\n"
        return h
    }
}
