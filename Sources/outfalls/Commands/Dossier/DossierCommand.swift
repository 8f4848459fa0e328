import ArgumentParser
import Foundation
import JSON
import Registry
import Supervision
import Workflows

struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "一口一档：排污口档案（基本信息、排查状态、设置核查、排查记录、溯源、责任主体、历史）(an outfall's dossier)",
        discussion: """
            outfalls dossier O-30                               JSON 输出到屏幕
            outfalls dossier O-30 --format html -o O-30.html    独立网页（中文）
            outfalls dossier O-30 --format pdf -o O-30.pdf      可打印 PDF（A4）
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, html, pdf }

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "排污口：键、国家编码、本地编码或 ID (outfall key, code or id)")
    var outfall: String

    @Option(help: "格式 json|html|pdf")
    var format: Format = .json

    @Option(name: .shortAndLong, help: "输出文件（pdf 必须给出）(output file; required for pdf)")
    var output: String?

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            let found = try call { try ledger.outfall(outfall) }
            guard let id = found.id else { throw Failure.database("排污口没有 ID (no id)") }
            let dossier = try call { try ledger.dossier(outfall: id) }
            let outline = dossier.outline(photoPath: ledger.attachmentPath)
            switch format {
            case .json: try emit(JSONWriter.pretty(dossier.json) + "\n")
            case .html: try emit(DossierHTML.render(outline, photoURL: { URL(fileURLWithPath: $0).absoluteString }))
            case .pdf:
                guard let output else { throw Failure.input("PDF 须用 -o 指定输出文件 (give -o FILE for pdf)") }
                try call { try DossierPDF.write(outline, to: output) }
                Console.print("已生成 \(output)（排污口 \(id)「\(found.name)」）(written)")
            }
        }
    }

    private func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let temporary = output + ".part"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, output) == 0 else {
            unlink(temporary)
            throw Failure.input("无法写入 \(output) (cannot write)")
        }
        Console.error("已生成 \(output) (written)")
    }
}
