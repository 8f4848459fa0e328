import Foundation
import OutfallModel
import Registry
import Reports
import Supervision

/// 树标立牌: printable signboards whose QR code opens the outfall's public page
/// (`<public-url>/public/outfalls/<id>`).
extension Ledger {
    /// The public page a sign's QR code encodes.
    public static func publicPage(base: String, outfallID: Int64) -> String { "\(base)/public/outfalls/\(outfallID)" }

    /// The public site address: `given` (checked) or the stored setting; refused when neither.
    public func resolvedPublicURL(_ given: String?) throws(LedgerError) -> String {
        if let given { return try Self.publicURL(given) }
        guard let stored = try inspectionSettings().publicURL else {
            throw .refused(subject: "公众网站地址", reason: "未设置：请用 --public-url https://… 给出（会保存为设置）(no public URL)")
        }
        return stored
    }

    /// The signs of `references` (ids, keys or codes), or of every outfall of `types` when
    /// `references` is empty, in id order.
    public func signboards(references: [String], types: [OutfallType], publicURL: String) throws(LedgerError) -> [Signboard] {
        var outfalls: [Outfall]
        if references.isEmpty {
            do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
            if !types.isEmpty { outfalls = outfalls.filter { types.contains($0.type) } }
            outfalls = outfalls.filter { $0.status != .removed }
        } else {
            guard references.count <= SignboardSheet.maxSigns else { throw .refused(subject: "排污口", reason: "一次最多 \(SignboardSheet.maxSigns) 个") }
            outfalls = try references.map { r throws(LedgerError) in try outfall(r) }
        }
        guard !outfalls.isEmpty else { throw .refused(subject: "排污口", reason: "没有符合条件的排污口 (none matched)") }
        let snaps = try storedSnaps()
        var townships: [Int64: String] = [:]
        for listing in try registryCall({ try registry.outfalls() }) { if let id = listing.outfall.id { townships[id] = listing.township } }
        let phone = try inspectionSettings().supervisionPhone
        return outfalls.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map { o in
            let id = o.id ?? 0
            let water = o.extra["受纳水体"]?.stringValue ?? snaps[id]?.river ?? "待核实"
            let fields: [(label: String, value: String)] = [
                ("排污口编码", o.nationalCode ?? o.localCode ?? o.key),
                ("排污口类型", o.type.label),
                ("责任主体", Self.signResponsible(o, township: townships[id])),
                ("受纳水体", water),
                ("监督电话", phone ?? "〔待设置〕"),
            ]
            let schematic = o.extra["schematic"]?.boolValue ?? false
            return Signboard(
                heading: "入河排污口标志牌", name: o.name, fields: fields, qrText: Self.publicPage(base: publicURL, outfallID: id),
                qrCaption: "扫码查看排污口公开信息、监督举报",
                footnote: schematic ? "示意数据：为演示手工绘制，非官方或实测数据" : nil)
        }
    }

    /// Types whose responsible party may be a private person (a household's pond or pigsty, a
    /// scattered outlet): their signs name an organisation only, never a person.
    static let personalTypes: Set<OutfallType> = [.smallLivestock, .smallAquaculture, .urbanDomesticScattered, .ruralDomesticScattered, .other, .undetermined]
    static let organisationSuffixes = ["政府", "局", "委员会", "管委会", "厂", "公司", "场", "所", "中心", "站", "院", "处", "办", "社", "集团", "协会", "学校", "医院"]

    /// The 责任主体 printed on a sign: the registered one, except a name that may be a person's
    /// on the types above, which gives way to the township (属地).
    static func signResponsible(_ o: Outfall, township: String?) -> String {
        guard let name = o.responsible?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name != "待查" else { return "待核实" }
        return publicOrganisation(o) ?? "个人信息不公开（属地：\(township ?? "待核实")）"
    }

    /// The registered responsible party when it may be published: always on types whose
    /// party is an organisation, on the others only a name that reads as an organisation's.
    static func publicOrganisation(_ o: Outfall) -> String? {
        guard let name = o.responsible?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name != "待查" else { return nil }
        guard personalTypes.contains(o.type) else { return name }
        let bare = name.replacingOccurrences(of: "（示意）", with: "")
        return organisationSuffixes.contains(where: { bare.hasSuffix($0) }) ? name : nil
    }

    /// Writes the signs to a PDF, one a page; returns the page count.
    @discardableResult
    public func writeSignboards(_ signs: [Signboard], paper: SignboardPaper, to path: String) throws(LedgerError) -> Int {
        do { return try SignboardSheet(signs: signs, paper: paper).write(to: path) } catch { throw .refused(subject: path, reason: "\(error)") }
    }
}
