import Foundation
import LayerFormats
import OutfallModel
import Supervision

/// The field survey sheet (二级/三级排查现场记录表) as data: its columns with Chinese headers,
/// which are required, the values each allows, and one example row. The CSV template, the
/// importer and the documentation are all made from this one list, so they cannot drift
/// apart; an XLSX template is the same headers, example and notes handed to a workbook writer.
///
/// The columns follow the national campaign sheet as reproduced by field apps
/// (SUPERVISION.md, [secondary]); the layout and value lists are ours, documented as ours.
public enum SurveySheet {
    /// One column of the sheet.
    public struct Column: Sendable, Hashable {
        public var header: String
        public var required: Bool
        /// What may be written, for the notes and the documentation.
        public var allowed: String
        public var example: String
    }

    /// Photo captions, in the order of their columns; each cell holds a file name in the photo folder or ZIP.
    public static let photoCaptions = ["近景1", "近景2", "标识牌", "远景"]

    /// 排污口类型 value for a point found not to be an outfall (its suspect becomes 非排污口).
    public static let notOutfallType = "非排污口"

    public static let columns: [Column] = [
        Column(header: "记录编号", required: true, allowed: "本表内唯一的编号，≤ 50 字；以“示例”开头的行是模板示例，导入前请删除", example: "示例-001"),
        Column(header: "任务来源/疑似编号", required: false, allowed: "所核实的疑似点：suspects list 中的 ID 或来源编号；非疑似点任务留空", example: "1"),
        Column(header: "排污口名称", required: true, allowed: "≤ 200 字", example: "凤山镇糖厂东侧排口"),
        Column(header: "国家编码", required: false, allowed: "已掌握或标识牌显示的国家编码（1–64 位字母、数字、连字符）；与登记库中的排污口相同则更新该排污口", example: ""),
        Column(header: "经度", required: true, allowed: "CGCS2000 经度，十进制度或度分秒（109°14′29.4″）", example: "109.2415"),
        Column(header: "纬度", required: true, allowed: "CGCS2000 纬度，十进制度或度分秒", example: "24.6512"),
        Column(header: "乡镇", required: false, allowed: "≤ 200 字", example: "凤山镇"),
        Column(header: "村", required: false, allowed: "≤ 200 字", example: "凤山村"),
        Column(header: "受纳水体", required: false, allowed: "≤ 200 字", example: "融江"),
        Column(
            header: "排污口类型", required: true,
            allowed: "HJ 1312-2023 二级类型名称（" + OutfallType.allCases.map(\.label).joined(separator: "、") + "），或“\(notOutfallType)”",
            example: "工矿企业排污口"),
        Column(header: "入河方式", required: false, allowed: dischargeWays.joined(separator: "、"), example: "暗管"),
        Column(header: "纳入国家平台", required: false, allowed: "是、否、需进一步核实（空 = 需进一步核实）", example: "否"),
        Column(header: "是否排放", required: false, allowed: "是、否（空 = 未记录）", example: "是"),
        Column(header: "感官描述", required: false, allowed: "颜色、浊度、气味、油膜等，≤ 2000 字", example: "微黄，略浑，有异味，无油膜"),
        Column(header: "责任主体", required: false, allowed: "现场掌握的责任主体；不清楚留空（= 暂无法确定，需进一步溯源），≤ 200 字", example: ""),
        Column(header: "问题类型", required: false, allowed: problemTypes.joined(separator: "、") + "；多个用“、”或“;”分隔", example: "污水应纳未纳"),
        Column(header: "流量", required: false, allowed: "m³/d，≥ 0", example: "120"),
        Column(header: "水温", required: false, allowed: "°C，-5 至 60", example: "26.5"),
        Column(header: "pH", required: false, allowed: "0 至 14", example: "7.2"),
        Column(header: "电导率", required: false, allowed: "μS/cm，≥ 0", example: "850"),
        Column(header: "COD", required: false, allowed: "mg/L，≥ 0", example: "85"),
        Column(header: "氨氮", required: false, allowed: "mg/L，≥ 0", example: "6.3"),
        Column(header: "总磷", required: false, allowed: "mg/L，≥ 0", example: "0.8"),
        Column(header: "总氮", required: false, allowed: "mg/L，≥ 0", example: "12"),
        Column(header: "送检", required: false, allowed: "送检指标、实验室、送达时间，≤ 2000 字", example: "COD、氨氮；县监测站；2024-06-25 17:00"),
        Column(header: "组长", required: false, allowed: "≤ 200 字", example: "张三"),
        Column(header: "电话", required: false, allowed: "≤ 50 字", example: "13800000000"),
        Column(header: "组员", required: false, allowed: "≤ 200 字", example: "李四、王五"),
        Column(header: "调查日期", required: true, allowed: "YYYY-MM-DD（如 2024-06-25）", example: "2024-06-25"),
    ] + photoCaptions.enumerated().map { i, caption in
        Column(header: caption, required: false, allowed: "照片文件名（在 --photos 目录或 ZIP 中），JPEG 或 PNG", example: i == 0 ? "FS001-1.jpg" : "")
    }

    public static let dischargeWays = ["明渠", "暗管", "泵站", "涵闸", "其他"]

    /// SUPERVISION.md's list (Shanghai platform [secondary]).
    public static let problemTypes = [
        "未发现问题", "污水应纳未纳", "逃避监管私设排污口", "超标排放", "未实现雨污分流", "位于饮用水水源保护区", "位于生态保护红线/自然保护地", "其他",
    ]

    /// Largest number of rows an import takes (a county's campaign is hundreds).
    public static let maxRows = 5_000

    public static var headers: [String] { columns.map(\.header) }
    public static var exampleRow: [String] { columns.map(\.example) }

    /// The columns as a Markdown table (header, required, what it takes, the example), for docs/cli.md.
    public static var markdownNotes: String {
        (["| 列 | 必填 | 填写说明 | 示例 |", "|---|---|---|---|"]
            + columns.map { "| \($0.header) | \($0.required ? "是" : "") | \($0.allowed.replacingOccurrences(of: "|", with: "\\|")) | \($0.example) |" })
            .joined(separator: "\n")
    }

    /// Why a sheet row (as a CSV/XLSX reader gives it) would be refused, before the registry
    /// is consulted; empty when it reads. For the fuzz harness and for checking a sheet.
    public static func problems(in row: RawFeature) -> [String] {
        switch SurveyRow.read(row) {
        case .success: []
        case .failure(let refused): refused.reasons
        }
    }

    /// Lines explaining each column, for the documentation and a workbook's notes sheet.
    public static var notes: [String] {
        columns.map { "\($0.header)\($0.required ? "（必填）" : "")：\($0.allowed)" }
    }
}
