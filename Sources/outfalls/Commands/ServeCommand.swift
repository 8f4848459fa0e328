import ArgumentParser
import Foundation
import Server
import Workflows

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动网页服务：地图与核查、排污口、图层下载、JSON API 与 OGC API – Features (start the web app and APIs)",
        discussion: """
            默认只在本机 127.0.0.1:8080 监听；对局域网开放用 --host 0.0.0.0。首个管理员用 outfalls user add 创建（没有默认密码）。
            GIS 软件连接：OGC API – Features 地址为 http://HOST:PORT/ogc。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "监听地址 (address to listen on)")
    var host: String = "127.0.0.1"

    @Option(help: "端口；0 表示由系统分配 (port; 0 lets the system choose)")
    var port: Int = 8080

    @Option(help: "瓦片底图地址模板，如 https://tiles.example/{z}/{x}/{y}.png（可选）(tile basemap URL, optional)")
    var basemapURL: String?

    @Option(help: "底图在图层切换中的名称 (basemap name in the layer switcher)")
    var basemapName: String?

    @Option(help: "天地图密钥（也可用环境变量 OUTFALLS_TIANDITU_KEY；不要写进代码库）(Tianditu key, or env OUTFALLS_TIANDITU_KEY)")
    var tiandituKey: String?

    @Option(help: "对外访问地址，如 https://outfalls.example.gov.cn；链接与标志牌二维码（<地址>/public/outfalls/<ID>）用它，并保存为设置 (public base URL for links and QR codes; saved)")
    var publicURL: String?

    @Option(help: "核查报告的出具单位 (issuing unit printed on check reports)")
    var issuingUnit = "柳城县生态环境局"

    @Flag(help: "会话 Cookie 加 Secure（服务在 HTTPS 之后时使用）(mark cookies Secure, behind HTTPS)")
    var secureCookies = false

    @Option(help: "同一账户在 15 分钟内登录失败多少次后暂停其登录 (failed sign-ins per account before a 429)")
    var signInFailures = 10

    @Option(help: "空闲连接或停滞的请求多少秒后断开 (seconds before an idle connection or stalled request is closed)")
    var idleTimeout: Double = 30

    func run() async throws {
        try reporting {
            let registry = try database.openRegistry()
            if let publicURL {
                // Saved, so `outfalls sign` prints the same address the server links to.
                let ledger = Ledger(registry: registry)
                let url = try call { try Ledger.publicURL(publicURL) }
                if try call({ try ledger.inspectionSettings() }).publicURL != url {
                    _ = try call { try ledger.updateInspectionSettings(publicURL: url, actor: "outfalls serve") }
                }
            }
        }
        var configuration = ServerConfiguration(
            host: host, port: port, databasePath: database.path, basemapURL: basemapURL, secureCookies: secureCookies)
        guard signInFailures > 0, idleTimeout > 0 else {
            Console.error("错误 error: --sign-in-failures 与 --idle-timeout 应为正数 (must be positive)")
            throw ExitCode(1)
        }
        if let basemapURL, let problem = BasemapPolicy.problem(with: basemapURL) {
            Console.error("错误 error: --basemap-url：\(problem)")
            throw ExitCode(1)
        }
        let key = tiandituKey ?? ProcessInfo.processInfo.environment["OUTFALLS_TIANDITU_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let key, let problem = BasemapPolicy.problem(withTiandituKey: key) {
            Console.error("错误 error: 天地图密钥 (Tianditu key)：\(problem)")
            throw ExitCode(1)
        }
        if let publicURL, let problem = PublicBase.problem(withConfigured: publicURL) {
            Console.error("错误 error: --public-url：\(problem)")
            throw ExitCode(1)
        }
        configuration.basemapName = basemapName.map { String($0.prefix(60)) }
        configuration.tiandituKey = key
        guard !issuingUnit.isEmpty, issuingUnit.count <= 200 else {
            Console.error("错误 error: --issuing-unit 应为 1–200 字符 (1–200 characters)")
            throw ExitCode(1)
        }
        configuration.issuingUnit = issuingUnit
        configuration.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        configuration.signInFailuresPerAccount = signInFailures
        configuration.signInFailuresPerAddress = max(configuration.signInFailuresPerAddress, signInFailures * 3)
        configuration.idleTimeout = idleTimeout
        let host = host
        do {
            try await OutfallServer(configuration: configuration).run { port in
                // Written unbuffered: scripts and tests wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("入河排污口登记系统已启动 listening on http://\(host):\(port)/  (OGC API: /ogc, API: /api/openapi.json)\n".utf8))
            }
        } catch {
            Console.error("错误 error: 服务无法启动：\(error) (server failed)")
            throw ExitCode(2)
        }
    }
}
