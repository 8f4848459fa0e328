import Foundation
import JSON
import OutfallModel
import Registry
import Supervision

/// The dossier as the sections a person reads, in order, with their Chinese text: what the
/// HTML page and the PDF both draw, so the two say the same thing.
public struct DossierOutline: Sendable {
    public enum Item: Sendable {
        /// Label–value pairs.
        case facts([(String, String)])
        case table(header: [String], rows: [[String]], widths: [Double])
        case paragraph(String)
        case note(String)
        /// A photo: the stored file (if present), its caption and original name.
        case photo(path: String?, caption: String, fileName: String)
    }

    public struct Section: Sendable {
        public var title: String
        public var items: [Item]
    }

    public var title: String
    public var banner: String?
    public var generated: String
    public var sections: [Section]
}

extension Dossier {
    static func kindLabel(_ kind: ResponsibleParty.Kind) -> String {
        switch kind {
        case .unit: "排污单位（1口对1源）"
        case .sharedMain: "主要责任主体（1口对多源）"
        case .government: "政府兜底"
        case .undetermined: "暂无法确定"
        }
    }

    static func metres(_ d: Double) -> String { CheckReportText.metres(d) }

    /// The outline; `photoPath` gives the stored file of an attachment (nil if it is missing).
    public func outline(photoPath: (String) -> String? = { _ in nil }) -> DossierOutline {
        let o = outfall
        let none = "—"
        var sections: [DossierOutline.Section] = []

        var identity: [(String, String)] = [
            ("名称", o.name), ("登记键", o.key), ("国家编码", o.nationalCode ?? "未赋码"), ("本地编码", o.localCode ?? none),
            ("临时编号", file?.temporaryNumber ?? none), ("排污口类型", "\(o.type.label)（\(o.type.category.label)）"),
            ("运行状态", o.status?.label ?? none), ("所属乡镇", derived?.township ?? none),
        ]
        if let snap, snap.status == "ok" || snap.status == "ambiguous" {
            identity.append(("受纳水体", snap.river ?? none))
            identity.append(("河段", snap.reachCode ?? snap.reachKey ?? none))
            identity.append(("岸别", snap.bankLabel))
            if let measure = snap.measure { identity.append(("里程（距河流下游端）", Self.metres(measure))) }
        } else {
            identity.append(("受纳水体", "未能吸附到河网，需现场核实"))
        }
        identity.append(("坐标（CGCS2000）", "\(JSONWriter.format(number: o.location.lon, decimals: 7)), \(JSONWriter.format(number: o.location.lat, decimals: 7))"))
        sections.append(.init(title: "一、基本信息", items: [.facts(identity)]))

        if let file {
            var facts: [(String, String)] = [("排查状态", file.lifecycle.label), ("纳入国家平台", file.nationalPlatform.label)]
            if let suspect = file.suspectID { facts.append(("来源疑似点", "疑似点 \(suspect)")) }
            if !file.mergedIDs.isEmpty { facts.append(("已合并的重复排口", file.mergedIDs.map(String.init).joined(separator: "、"))) }
            if let into = file.mergedInto { facts.append(("已并入", "排污口 \(into)")) }
            if let note = file.note { facts.append(("备注", note)) }
            sections.append(.init(title: "二、排查状态", items: [.facts(facts)]))
        } else {
            sections.append(.init(title: "二、排查状态", items: [.paragraph("尚未建立排查档案（排查状态、纳入国家平台待核实）。")]))
        }

        if let siting {
            var items: [DossierOutline.Item] = [.facts([("核查结论", siting.verdict.label), ("核查规则", "\(siting.rulesTitle)（版本 \(siting.rulesVersion)）")])]
            if siting.findings.isEmpty {
                items.append(.paragraph("按现行规则未发现限制。"))
            } else {
                items.append(.table(
                    header: ["级别", "问题", "涉及", "距离", "依据"],
                    rows: siting.findings.map { f in
                        [f.severity.label, "\(f.rule.title)（\(f.rule.id)）", "\(f.feature.name)（\(f.feature.label)）",
                         f.distance == 0 ? "位于区内" : Self.metres(f.distance), f.rule.basis]
                    }, widths: [1.3, 2.2, 2.2, 1, 3]))
                for f in siting.findings {
                    if let note = f.note { items.append(.note("\(f.rule.id)：\(note)")) }
                    if let action = f.rule.action { items.append(.note("\(f.rule.id) 处理：\(action)")) }
                }
            }
            sections.append(.init(title: "三、设置核查", items: items))
        } else {
            sections.append(.init(title: "三、设置核查", items: [.paragraph("数据库中没有核查规则，未做设置核查。")]))
        }

        if let derived {
            var items: [DossierOutline.Item] = [.facts([
                ("乡镇", derived.township ?? "未能推算"),
                ("受纳水体", derived.receivingWater.map { "\($0)\(derived.bankLabel.map { "（\($0)）" } ?? "")" } ?? "未能推算"),
                ("水功能区", derived.waterFunctionZone.map { "\($0)，目标 \(derived.waterFunctionTarget ?? "未定")" } ?? "不在水功能区内或无图层"),
                ("下游最近国控断面", derived.downstreamSection.map { "\($0)，河网距离 \(Self.metres(derived.downstreamDistance ?? 0))" } ?? "未找到"),
            ])]
            if derived.disagreements.isEmpty {
                items.append(.note("登记值与图层推算一致（或未登记）。"))
            } else {
                items.append(.paragraph("以下登记值与图层推算不一致，请核实（推算值不覆盖登记值）："))
                items.append(.table(
                    header: ["字段", "图层推算", "登记值", "来源"],
                    rows: derived.disagreements.map { [$0.label, $0.derived ?? none, $0.entered, $0.source] }, widths: [1, 2, 2, 2]))
            }
            for note in derived.notes { items.append(.note(note)) }
            sections.append(.init(title: "四、图层推算", items: items))
        }

        var surveyItems: [DossierOutline.Item] = []
        if surveys.isEmpty {
            surveyItems.append(.paragraph("暂无排查记录。"))
        } else {
            surveyItems.append(.table(
                header: ["记录编号", "排查日期", "级别", "审核", "乡镇/受纳水体", "问题类型"],
                rows: surveys.map { r in
                    [r.recordNumber, r.surveyedOn, r.level >= 3 ? "三级" : "二级", r.review.label + (r.reviewNote.map { "：\($0)" } ?? ""),
                     [r.township, r.receivingWater].compactMap { $0 }.joined(separator: " / "), r.problems.joined(separator: "、")]
                }, widths: [1.3, 1.2, 0.8, 1.5, 2, 2]))
            for r in surveys {
                for p in r.photos {
                    surveyItems.append(.photo(path: photoPath(p.sha256), caption: "\(r.recordNumber) \(p.caption)", fileName: p.fileName))
                }
                for flag in r.flags { surveyItems.append(.note("\(r.recordNumber)：\(flag)")) }
            }
        }
        sections.append(.init(title: "五、排查记录", items: surveyItems))

        var unitNames: [Int64: String] = [:]
        for u in units { if let id = u.id { unitNames[id] = u.name } }
        if traces.isEmpty {
            sections.append(.init(title: "六、溯源记录", items: [.paragraph("尚未溯源。")]))
        } else {
            sections.append(.init(title: "六、溯源记录", items: [.table(
                header: ["溯源日期", "方式", "结果", "排污单位", "混排", "问题类型"],
                rows: traces.map { t in
                    [t.tracedOn, t.method.label + (t.technique.map { "（\($0)）" } ?? ""), t.result.label,
                     t.unitIDs.map { id in (unitNames[id] ?? "单位 \(id)") + (t.mainUnitID == id && t.unitIDs.count > 1 ? "（主要）" : "") }
                        .joined(separator: "、"),
                     t.mixed ? "是" : "否", t.problems.joined(separator: "、")]
                }, widths: [1.2, 1.5, 1.2, 2.5, 0.7, 2])]))
        }

        var unitItems: [DossierOutline.Item] = []
        if units.isEmpty {
            unitItems.append(.paragraph("暂无关联的排污单位。"))
        } else {
            unitItems.append(.table(
                header: ["名称", "统一社会信用代码", "排污许可证编号", "行业"],
                rows: units.map { [$0.name, $0.creditCode ?? none, $0.permitNumber ?? none, $0.industry ?? none] }, widths: [2.5, 2, 2, 1.2]))
        }
        if !channels.isEmpty {
            unitItems.append(.paragraph("排污通道（排污单位 → 本排污口）："))
            unitItems.append(.table(
                header: ["通道", "类型", "排污单位", "问题"],
                rows: channels.map { c in
                    [c.name, c.kind.label, c.unitID.map { unitNames[$0] ?? "单位 \($0)" } ?? "未关联", c.flags.joined(separator: "；")]
                }, widths: [2, 1, 2, 2.5]))
        }
        sections.append(.init(title: "七、排污单位与排污通道", items: unitItems))

        var party: [(String, String)] = [
            ("责任主体", responsible.party ?? "暂无法确定，需进一步溯源"), ("认定类型", Self.kindLabel(responsible.kind)),
            ("认定理由", responsible.reason), ("依据", responsible.basis),
        ]
        if let enteredResponsible { party.append(("登记的责任主体", enteredResponsible + (responsibleDisagrees ? "（与按规则认定的不一致，请核实）" : ""))) }
        sections.append(.init(title: "八、责任主体", items: [.facts(party)]))

        if history.isEmpty {
            sections.append(.init(title: "九、历史记录", items: [.paragraph("暂无记录。")]))
        } else {
            sections.append(.init(title: "九、历史记录", items: [.table(
                header: ["时间", "操作人", "对象", "操作", "变更", "原因"],
                rows: history.map { e in
                    [ChinaTime.display(e.at), e.actor, e.entity.kind.label, e.action,
                     e.changes.prefix(12).map(HistoryJSON.describe).joined(separator: "\n") + (e.changes.count > 12 ? "\n……共 \(e.changes.count) 项" : ""),
                     e.reason ?? ""]
                }, widths: [1.3, 0.9, 1, 0.9, 3.5, 1.4])]))
        }

        return DossierOutline(
            title: "入河排污口档案（一口一档）：\(o.name)", banner: isSchematic ? Self.schematicBanner : nil,
            generated: "生成时间：\(ChinaTime.display(generatedAt))（北京时间）", sections: sections)
    }
}
