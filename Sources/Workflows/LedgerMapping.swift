import Foundation
import JSON
import Registry
import Supervision

/// One field a ledger (台账) column can hold: what the registry and the ledger know about an
/// outfall, by an internal name that a mapping file refers to.
public enum LedgerField: String, CaseIterable, Sendable {
    case id, key, name
    case nationalCode = "national_code", localCode = "local_code", temporaryNumber = "temporary_number"
    case type, typeCategory = "type_category", status
    case township, townshipDerived = "township_derived", village
    case receivingWater = "receiving_water", receivingWaterDerived = "receiving_water_derived", bank, reachCode = "reach_code"
    case waterFunctionZone = "water_function_zone", waterFunctionTarget = "water_function_target"
    case downstreamSection = "downstream_section", downstreamDistance = "downstream_distance_m"
    case lon, lat
    case lifecycle, nationalPlatform = "national_platform"
    case responsibleParty = "responsible_party", responsibleKind = "responsible_kind", responsibleBasis = "responsible_basis"
    case enteredResponsible = "entered_responsible"
    case latestSurveyDate = "latest_survey_date", dischargeWay = "discharge_way", problemTypes = "problem_types"
    case traceResult = "trace_result", verdict, derivedDisagreements = "derived_disagreements"

    /// What the field holds, for `docs/formats.md` and error messages.
    public var meaning: String {
        switch self {
        case .id: "登记 ID"
        case .key: "登记键"
        case .name: "排污口名称"
        case .nationalCode: "国家编码"
        case .localCode: "本地编码"
        case .temporaryNumber: "临时编号"
        case .type: "排污口类型（HJ 1312 二级）"
        case .typeCategory: "排污口类型（一级）"
        case .status: "运行状态"
        case .township: "乡镇（登记值，无则图层推算）"
        case .townshipDerived: "乡镇（图层推算）"
        case .village: "村（最近通过审核的排查记录）"
        case .receivingWater: "受纳水体（登记值，无则图层推算）"
        case .receivingWaterDerived: "受纳水体（图层推算）"
        case .bank: "岸别（图层推算）"
        case .reachCode: "河段编码"
        case .waterFunctionZone: "水功能区"
        case .waterFunctionTarget: "水功能区水质目标"
        case .downstreamSection: "下游最近国控断面"
        case .downstreamDistance: "距下游国控断面河网距离（米，数值）"
        case .lon: "经度（CGCS2000，数值）"
        case .lat: "纬度（CGCS2000，数值）"
        case .lifecycle: "排查状态（疑似/已核实/非排污口/存量/新增/注销）"
        case .nationalPlatform: "纳入国家平台（是/否/待核实）"
        case .responsibleParty: "责任主体（按规则认定）"
        case .responsibleKind: "责任主体认定类型"
        case .responsibleBasis: "责任主体认定依据"
        case .enteredResponsible: "登记的责任主体"
        case .latestSurveyDate: "最近排查日期（通过审核）"
        case .dischargeWay: "入河方式"
        case .problemTypes: "问题类型（排查与溯源）"
        case .traceResult: "溯源结果"
        case .verdict: "设置核查结论"
        case .derivedDisagreements: "登记值与图层推算不一致之处"
        }
    }
}

/// Which ledger columns to write, in which order, under which headers: a JSON list of
/// `{"column": "中文表头", "field": "internal_name"}`. The bundled one
/// (`GeoData/ledger-mapping.json`) is ours — the national platform's import template was not
/// found — and a county replaces it with one matching the template once it has it.
public struct LedgerMapping: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var column: String
        public var field: LedgerField
    }

    public static let maximumBytes = 1 << 20
    public static let maximumColumns = 200
    public static let bundledFileName = "ledger-mapping.json"

    public var columns: [Column]
    /// Where it was read from, for the workbook's notes.
    public var source: String

    /// Reads and checks a mapping file; refuses it whole, naming the entry and the reason.
    public static func load(path: String) throws(LedgerError) -> LedgerMapping {
        let name = (path as NSString).lastPathComponent
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max
        } catch {
            throw .refused(subject: name, reason: "无法读取映射文件 (cannot read the mapping file)：\(error.localizedDescription)")
        }
        guard size <= maximumBytes else { throw .refused(subject: name, reason: "映射文件超过 \(maximumBytes / 1024) KiB (too large)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .refused(subject: name, reason: "无法读取映射文件 (cannot read)") }
        return try parse([UInt8](data), source: name)
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(LedgerError) -> LedgerMapping {
        let root: JSONValue
        do { root = try JSONParser().parse(bytes) } catch { throw .refused(subject: source, reason: "不是有效的 JSON：\(error)") }
        guard let list = root.arrayValue else {
            throw .refused(subject: source, reason: "应为数组 [{\"column\": \"表头\", \"field\": \"字段\"}, …] (expected a list)")
        }
        guard !list.isEmpty, list.count <= maximumColumns else { throw .refused(subject: source, reason: "应有 1–\(maximumColumns) 列 (1–\(maximumColumns) columns)") }
        var columns: [Column] = []
        var headers = Set<String>()
        for (i, entry) in list.enumerated() {
            let subject = "\(source) 第 \(i + 1) 项"
            guard let object = entry.objectValue, let column = object["column"]?.stringValue, let fieldName = object["field"]?.stringValue else {
                throw .refused(subject: subject, reason: "应为 {\"column\": \"表头\", \"field\": \"字段\"}")
            }
            let header = column.trimmingCharacters(in: .whitespaces)
            guard (1...200).contains(header.count) else { throw .refused(subject: subject, reason: "表头应为 1–200 个字符") }
            guard headers.insert(header).inserted else { throw .refused(subject: subject, reason: "表头“\(header)”重复 (duplicate column)") }
            guard let field = LedgerField(rawValue: fieldName) else {
                throw .refused(subject: subject, reason: "未知字段“\(fieldName)”；可用：\(LedgerField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            columns.append(Column(column: header, field: field))
        }
        return LedgerMapping(columns: columns, source: source)
    }

    /// The mapping shipped in `GeoData/ledger-mapping.json`.
    public static func bundled() throws(LedgerError) -> LedgerMapping {
        guard let directory = ResourceLocator.geoData() else {
            throw .refused(subject: bundledFileName, reason: "找不到随附的 GeoData 目录；请用 --mapping 指定映射文件，或设置 OUTFALLS_GEODATA")
        }
        var mapping = try load(path: (directory as NSString).appendingPathComponent(bundledFileName))
        mapping.source = "GeoData/\(bundledFileName)（本系统自定格式，非国家平台模板）"
        return mapping
    }
}
