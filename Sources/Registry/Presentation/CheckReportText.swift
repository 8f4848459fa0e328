import Foundation
import GeoKit
import JSON
import OutfallModel
import RegistryStore
import Siting
import Supervision

/// The check report as a Chinese document a planner can file.
public enum CheckReportText {
    public static func metres(_ d: Double) -> String {
        let whole = Int(d.rounded())
        return whole >= 1000 ? "\(whole / 1000),\(String(format: "%03d", whole % 1000)) m" : "\(whole) m"
    }

    /// `checkedAt` is a UTC instant as the registry stores it; the report shows it in Beijing
    /// time, which is what the planner filing it reads.
    public static func render(_ r: CheckReport, checkedAt: String = Timestamp.now()) -> String {
        var lines = ["入河排污口设置核查报告", String(repeating: "=", count: 24)]
        lines.append("核查时间：\(ChinaTime.display(checkedAt))（北京时间）    核查规则：\(r.rulesTitle)（版本 \(r.rulesVersion)）")
        if r.usesSchematicData {
            lines.append("【注意】本次核查所用图层含示意数据（非官方、非实测边界），结果仅供演示，不能作为审批依据。")
        }
        lines.append("")
        lines.append("一、拟设位置")
        let p = r.location
        lines.append("  坐标：\(JSONWriter.format(number: p.lon, decimals: 7)), \(JSONWriter.format(number: p.lat, decimals: 7))（CGCS2000 经纬度）")
        if r.input.crs != .cgcs2000 && r.input.crs != .wgs84 {
            lines.append("  原始输入：\(r.input.coordinate.x), \(r.input.coordinate.y)（\(r.input.crs)，已换算）")
        }
        lines.append("  所属乡镇：\(r.township ?? "未能确定（无乡镇图层覆盖）")")
        if let type = r.type {
            lines.append("  排污口类型：\(type.label)（\(type.category.label)）— 办理方式：\(type.approvalTrack.label)")
        } else {
            lines.append("  排污口类型：未指定（审批或登记视类型而定：工业、园区污水处理厂、城镇污水处理厂排污口审批，其余登记）")
        }
        lines.append("")
        lines.append("二、受纳水体")
        if let best = r.snap.best {
            switch r.snap.status {
            case .ok, .ambiguous:
                lines.append("  河流：\(best.river)    河段：\(best.reach.displayID)    里程：\(metres(best.measure))（距河流下游端）")
                lines.append("  岸别：\(best.bank?.label ?? "河道中心线上")    离中心线：\(metres(best.offset))")
                if r.snap.status == .ambiguous {
                    let others = r.snap.candidates.map { "\($0.river) \($0.reach.displayID)" }.joined(separator: "、")
                    lines.append("  注意：附近还有 \(others)，所属河段需人工确认。")
                }
            default:
                lines.append("  最近河段 \(best.river) \(best.reach.displayID) 相距 \(metres(best.offset))，超过最大吸附距离 \(metres(r.maxSnapDistance))：未能确定受纳水体，与河流相关的规则未核查。")
            }
        } else {
            lines.append("  附近没有河段：未能确定受纳水体，与河流相关的规则未核查。")
        }
        lines.append("")
        lines.append("三、核查结论：\(r.verdict.verdict.label)")
        lines.append("")
        lines.append("四、发现的问题")
        if r.verdict.findings.isEmpty {
            lines.append("  按现行规则未发现限制。")
        }
        for (i, f) in r.verdict.findings.enumerated() {
            let place = f.distance == 0 ? "位于区内" : (f.feature.layer == .zones ? "相距 \(metres(f.distance))" : "河网距离 \(metres(f.distance))")
            lines.append("  \(i + 1). 【\(f.severity.label)】\(f.rule.title)（规则 \(f.rule.id)）")
            lines.append("     涉及：\(f.feature.name)（\(f.feature.label)），\(place)")
            lines.append("     依据：\(f.rule.basis)")
            if let note = f.note { lines.append("     说明：\(note)") }
            if let action = f.rule.action { lines.append("     处理：\(action)") }
        }
        lines.append("")
        lines.append("五、下一步")
        for step in nextSteps(r) { lines.append("  - \(step)") }
        if r.verdict.findings.contains(where: { !$0.rule.basisConfirmed }) {
            lines.append("")
            lines.append("注：标〔条款待核实〕的依据，其条款号尚未与官方文本核对，引用前请核实。")
        }
        return lines.joined(separator: "\n")
    }

    public static func nextSteps(_ r: CheckReport) -> [String] {
        var steps: [String] = []
        switch r.verdict.verdict {
        case .prohibited: steps.append("不得在此设置排污口，请另行选址。")
        case .restricted: steps.append("属严格控制区域：从严论证，必要时调整选址。")
        case .review: steps.append("须征求相关主管部门意见后再办理。")
        case .notice, .clear: break
        }
        let authorities = Set(r.verdict.findings.compactMap(\.rule.authority)).sorted()
        for a in authorities { steps.append("征求\(a)意见。") }
        if r.verdict.verdict != .prohibited, let type = r.type {
            switch type.approvalTrack {
            case .approval: steps.append("按入河排污口设置审批程序办理（生态环境部令第35号，2025-01-01 施行〔条款待核实〕）。")
            case .registration: steps.append("按入河排污口登记程序办理（生态环境部令第35号〔条款待核实〕）。")
            case .undetermined: steps.append("先查明排污口类型，再确定审批或登记。")
            }
        }
        if r.snap.status != .ok { steps.append("现场核实受纳水体和所属河段。") }
        if steps.isEmpty { steps.append("可按程序办理。") }
        return steps
    }
}
