import Foundation
import Testing
import TestSupport

@testable import Reports

/// libqrencode through its one wrapper, and signboards read back by the tools a person uses.
struct QRCodeTests {
    @Test func aShortURLIsASmallCodeWithItsThreeFinderPatterns() throws {
        let code = try QRCode(encoding: "https://a.example/public/outfalls/9", level: .quartile)
        // Versions grow by 4 modules: 21, 25, 29, 33…
        #expect(code.size >= 21 && (code.size - 21) % 4 == 0)
        // A finder pattern: a dark 7×7 ring around a light ring around a dark 3×3 centre.
        for (x0, y0) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for i in 0..<7 {
                #expect(code[x0 + i, y0] && code[x0 + i, y0 + 6] && code[x0, y0 + i] && code[x0 + 6, y0 + i])
            }
            #expect(!code[x0 + 1, y0 + 1] && code[x0 + 3, y0 + 3])
        }
        #expect(!code[-1, 0] && !code[code.size, 0])
    }

    @Test func emptyOrOversizeTextIsRefused() {
        #expect(throws: ReportError.self) { try QRCode(encoding: "") }
        #expect(throws: ReportError.self) { try QRCode(encoding: String(repeating: "x", count: 1_001)) }
    }

    @Test func aBatchOfSignsDecodesPageByPage() throws {
        let scratch = TemporaryDirectory()
        let urls = (1...3).map { "https://pub.example/public/outfalls/\($0)" }
        let signs = urls.enumerated().map { i, url in
            Signboard(heading: "入河排污口标志牌", name: "测试排污口\(i + 1)", fields: [("监督电话", "0772-1234567")], qrText: url, qrCaption: "扫码查看")
        }
        let pdf = scratch.file("signs.pdf")
        #expect(try SignboardSheet(signs: signs, paper: .a4).write(to: pdf) == 3)
        let text = try Shell.run("pdftotext", [pdf, "-"]).stdout
        #expect(text.contains("测试排污口3") && text.contains("0772-1234567"))
        for page in 1...3 {
            let prefix = scratch.file("p\(page)")
            #expect(try Shell.run("pdftoppm", ["-r", "150", "-png", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf, prefix]).status == 0)
            #expect(try Shell.run("zbarimg", ["-q", "--raw", prefix + ".png"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == urls[page - 1])
        }
        #expect(throws: ReportError.self) { try SignboardSheet(signs: []).write(to: scratch.file("none.pdf")) }
    }
}
