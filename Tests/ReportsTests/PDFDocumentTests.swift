import Foundation
import Reports
import Testing
import TestSupport

/// PDFs read back with poppler's pdftotext and pdfimages.
struct PDFDocumentTests {
    let scratch = TemporaryDirectory()

    /// The text of a page (or all), without white space: pdftotext spaces CJK text its own way.
    func text(_ path: String, page: Int? = nil) throws -> String {
        var arguments: [String] = []
        if let page { arguments += ["-f", String(page), "-l", String(page)] }
        let result = try Shell.run("pdftotext", arguments + [path, "-"])
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{0C}" })
    }

    @Test func chineseTextWrapsAndEveryPageIsNumbered() throws {
        var pdf = PDFDocument(metadataTitle: "测试", footerNote: "示意数据，仅供演示")
        pdf.title("入河排污口档案")
        pdf.heading("一、基本信息")
        for i in 1...60 { pdf.paragraph("第\(i)段：柳城县大埔镇融江左岸排污口现场排查记录，受纳水体融江，责任主体柳城糖厂。") }
        let path = scratch.file("a.pdf")
        let summary = try pdf.write(to: path)
        #expect(summary.pageCount >= 2)
        let all = try text(path)
        #expect(all.contains("入河排污口档案"))
        #expect(all.contains("责任主体柳城糖厂"))
        #expect(all.contains("第1页/共\(summary.pageCount)页"))
        #expect(all.contains("第\(summary.pageCount)页/共\(summary.pageCount)页"))
        #expect(try text(path, page: 2).contains("示意数据，仅供演示"))
        let info = try Shell.run("pdfinfo", [path])
        let fields = info.stdout.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(fields.contains(["Pages", "\(summary.pageCount)"]))
        #expect(fields.contains(["Page size", "595.276 x 841.89 pts (A4)"]))
    }

    /// Whatever fills the page before it, a heading is never left at the bottom of a page
    /// with its text on the next: it and the first line after it share a page.
    @Test func aHeadingNeverEndsAPage() throws {
        var moved = 0
        var trace: [String] = []
        for filler in 25...75 {
            var pdf = PDFDocument(metadataTitle: "t")
            for i in 0..<filler { pdf.paragraph("填充第\(i)行") }
            pdf.heading("三、设置核查")
            pdf.paragraph(String(repeating: "核查结论：禁止设置（违法设置），位于饮用水水源一级保护区内。", count: 6))
            let path = scratch.file("h\(filler).pdf")
            let summary = try pdf.write(to: path)
            let heading = summary.placements[filler], next = summary.placements[filler + 1]
            trace.append("\(filler):\(summary.placements[filler - 1].lastPage)/\(heading.firstPage)/\(next.firstPage)")
            #expect(heading.firstPage == next.firstPage, "filler \(filler): heading on \(heading.firstPage), text on \(next.firstPage)")
            let before = summary.placements[filler - 1].lastPage
            if heading.firstPage > before {
                moved += 1
                #expect(!(try text(path, page: before)).contains("三、设置核查"))
                #expect(try text(path, page: heading.firstPage).contains("三、设置核查"))
            }
        }
        // Some fillers leave room for the heading but not for three lines under it: it moved.
        #expect(moved >= 1, "\(trace)")
    }

    @Test func tableRowsWrapAndTheHeaderRepeatsOnTheNextPage() throws {
        var pdf = PDFDocument(metadataTitle: "t")
        let rows = (1...70).map { ["排口\($0)", "这是一段很长的说明文字，需要在单元格内自动换行才能放得下，不能超出表格边界"] }
        pdf.table(PDFTable(header: ["名称", "说明"], rows: rows, widths: [1, 3]))
        let path = scratch.file("t.pdf")
        let summary = try pdf.write(to: path)
        #expect(summary.pageCount >= 2)
        let second = try text(path, page: 2)
        #expect(second.contains("名称"))
        #expect(second.contains("说明"))
        #expect(try text(path).contains("排口70"))
    }

    @Test func pngIsDrawnAndJPEGIsListedByName() throws {
        let png = scratch.file("photo.png"), jpeg = scratch.file("photo.jpg")
        let made = try Shell.run("python3", ["-c", "from PIL import Image; Image.new('RGB',(64,48),(200,30,30)).save('\(png)'); Image.new('RGB',(8,8)).save('\(jpeg)')"])
        #expect(made.status == 0, "\(made.stderr)")
        var pdf = PDFDocument(metadataTitle: "t")
        pdf.image(path: png, caption: "近景1")
        pdf.image(path: jpeg, caption: "远景")
        let path = scratch.file("i.pdf")
        try pdf.write(to: path)
        let images = try Shell.run("pdfimages", ["-list", path])
        #expect(images.stdout.split(separator: "\n").count == 3, "\(images.stdout)")  // two header lines, one image
        #expect(images.stdout.contains("64    48"))
        let all = try text(path)
        #expect(all.contains("近景1"))
        #expect(all.contains("photo.jpg"))
    }

    @Test func aCellTallerThanAPageIsCutToThePage() throws {
        var pdf = PDFDocument(metadataTitle: "t")
        pdf.table(PDFTable(header: ["名称", "说明"], rows: [["长", String(repeating: "很长的说明文字。", count: 1500)], ["下一行", "后续内容"]]))
        let path = scratch.file("long.pdf")
        let summary = try pdf.write(to: path)
        #expect(summary.pageCount <= 3)
        // Every word lies on the page: nothing was drawn off its bottom (uncut, it would reach y ≈ 9,000).
        let boxes = try Shell.run("pdftotext", ["-bbox", path, "-"]).stdout
        let bottoms = boxes.components(separatedBy: "yMax=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(!bottoms.isEmpty && bottoms.allSatisfy { $0 <= 841.89 }, "lowest word at \(bottoms.max() ?? 0)")
        let all = try text(path)
        #expect(all.contains("后续内容"))
    }
}
