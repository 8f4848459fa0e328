import ArgumentParser
import Foundation
import OutfallModel
import Reports
import Workflows

/// `outfalls sign`: printable signboards (树标立牌) whose QR code opens the outfall's public page.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "打印排污口标志牌（含公开页二维码）(print signboards with QR codes)",
        discussion: """
            二维码内容为 <公众网站地址>/public/outfalls/<排污口 ID>。--public-url 和 --phone 会保存为设置，
            服务器（outfalls serve）与命令行使用同一地址。
            The QR code encodes <public-url>/public/outfalls/<id>; --public-url and --phone are saved as settings.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "排污口：ID、键、本地编码或国家编码，可多个 (outfalls)") var outfalls: [String] = []
    @Flag(help: "全部排污口（已取缔的除外），可用 --type 筛选 (all outfalls)") var all = false
    @Option(help: "排污口类型，可多次或逗号分隔 (types, with --all)") var type: [String] = []
    @Option(name: .shortAndLong, help: "输出 PDF 文件 (output)") var output: String
    @Option(help: "公众网站地址，如 https://outfalls.example.gov.cn (public URL; saved)") var publicURL: String?
    @Option(help: "监督电话 (supervision phone; saved)") var phone: String?
    @Option(help: "纸张 a4|a3 (paper)") var paper: String = "a4"

    func run() throws {
        try reporting {
            guard let paperSize = SignboardPaper(rawValue: paper.lowercased()) else { throw Failure.input("--paper 应为 a4 或 a3 (paper)") }
            guard all != !outfalls.isEmpty else { throw Failure.input("请给出排污口，或用 --all（二者择一）(outfalls or --all)") }
            guard output.lowercased().hasSuffix(".pdf") else { throw Failure.input("-o 应为 .pdf 文件 (output must be .pdf)") }
            let types = try type.flatMap { $0.split(separator: ",") }.map { t -> OutfallType in
                guard let parsed = OutfallType(parsing: String(t)) else { throw Failure.input("--type：未知排污口类型“\(t)” (unknown type)") }
                return parsed
            }
            let ledger = try database.openLedger()
            let base = try call { try ledger.resolvedPublicURL(publicURL) }
            let settings = try call { try ledger.inspectionSettings() }
            if settings.publicURL != base || (phone != nil && phone != settings.supervisionPhone) {
                _ = try call { try ledger.updateInspectionSettings(publicURL: base, supervisionPhone: phone, actor: actor.actor) }
                Console.print("已保存设置：公众网站地址 \(base)" + (phone.map { "，监督电话 \($0)" } ?? "") + " (settings saved)")
            }
            let signs = try call { try ledger.signboards(references: outfalls, types: types, publicURL: base) }
            let pages = try call { try ledger.writeSignboards(signs, paper: paperSize, to: output) }
            Console.print("已生成标志牌 \(pages) 页（\(paperSize.rawValue.uppercased())）：\(output) (signs written)")
        }
    }
}
