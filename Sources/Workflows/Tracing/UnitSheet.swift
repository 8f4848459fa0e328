import Foundation
import GeoKit
import JSON
import LayerFormats
import Supervision

/// The rows of a discharging-unit file, whatever its format: CSV (UTF-8 or GBK, Chinese
/// headers), XLSX (the first sheet, through GDAL) or GeoJSON points.
/// Each row keeps where it was, for messages.
struct UnitSheet {
    struct Row {
        var position: FeaturePosition
        /// Cell texts by canonical column.
        var values: [UnitColumn: String]
        /// The location, when the row has one (GeoJSON geometry or 经度/纬度 cells).
        var lon: String?
        var lat: String?
        var point: Coordinate?
    }

    /// Most units a file may hold (a county has hundreds to a few thousand).
    static let maxRows = 20_000

    var rows: [Row] = []
    /// Columns that were not understood, for the report.
    var ignoredColumns: [String] = []
    /// Rows that could not even be read (GeoJSON features without a point…).
    var problems: [(FeaturePosition, String)] = []

    static func read(_ file: LedgerImportFile) throws(LedgerError) -> UnitSheet {
        do {
            switch file.lowercasedExtension {
            case "csv", "txt": return try table(try RecordTable.csv(file.bytes), fileName: file.fileName)
            case "geojson", "json": return try features(try GeoJSONReader().read(InputFile(path: file.path, bytes: file.bytes), options: ReadOptions()), fileName: file.fileName)
            case "xlsx": return try table(try RecordTable.xlsx(path: file.path), fileName: file.fileName)
            default:
                throw LedgerError.refused(
                    subject: file.fileName, reason: "不支持的格式：排污单位可用 CSV、XLSX 或 GeoJSON 点 (unsupported format: csv, xlsx or geojson)")
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as FormatError {
            throw .refused(subject: file.fileName, reason: "\(error)")
        } catch {
            throw .refused(subject: file.fileName, reason: "\(error)")
        }
    }

    private static func table(_ table: RecordTable, fileName: String) throws -> UnitSheet {
        var sheet = UnitSheet()
        var columns: [Int: UnitColumn] = [:]
        var seen: [UnitColumn: String] = [:]
        for (i, name) in table.header.enumerated() {
            guard let column = UnitColumn(header: name) else {
                if !name.isEmpty { sheet.ignoredColumns.append(name) }
                continue
            }
            if let first = seen[column] {
                throw LedgerError.refused(subject: fileName, reason: "表头中“\(first)”与“\(name)”是同一列 (two columns for one field)")
            }
            seen[column] = name
            columns[i] = column
        }
        guard seen[.name] != nil else {
            throw LedgerError.refused(
                subject: fileName, reason: "表头中没有单位名称列（单位名称、排污单位名称或 name）；表头为：\(table.header.joined(separator: ", ")) (no name column)")
        }
        guard table.rows.count <= maxRows else {
            throw LedgerError.refused(subject: fileName, reason: "有 \(table.rows.count) 行，超过上限 \(maxRows) 行 (too many rows)")
        }
        for row in table.rows {
            let position = FeaturePosition.line(row.line)
            guard row.fields.count == table.header.count else {
                sheet.problems.append((position, "有 \(row.fields.count) 列，表头有 \(table.header.count) 列 (column count differs from header)"))
                continue
            }
            var values: [UnitColumn: String] = [:]
            for (i, column) in columns where !row.fields[i].isEmpty { values[column] = row.fields[i] }
            let lon = values.removeValue(forKey: .lon), lat = values.removeValue(forKey: .lat)
            sheet.rows.append(Row(position: position, values: values, lon: lon, lat: lat))
        }
        return sheet
    }

    private static func features(_ file: LayerFile, fileName: String) throws -> UnitSheet {
        var sheet = UnitSheet()
        if let crs = file.declaredCRS, crs != .cgcs2000, crs != .wgs84 {
            throw LedgerError.refused(subject: "\(fileName) 坐标系 (CRS)", reason: "排污单位文件应为经纬度（EPSG:4490 或 4326），实为 \(crs) (lon/lat only)")
        }
        guard file.features.count + file.problems.count <= maxRows else {
            throw LedgerError.refused(subject: "\(fileName) 要素数 (features)", reason: "超过上限 \(maxRows) 个 (too many features)")
        }
        sheet.problems = file.problems.map { ($0.position, $0.reason) }
        var ignored = Set<String>()
        for feature in file.features {
            var values: [UnitColumn: String] = [:]
            for member in feature.properties {
                let (key, value) = (member.key, member.value)
                guard let column = UnitColumn(header: key) else {
                    ignored.insert(key)
                    continue
                }
                let text = value.displayText.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty && !value.isNull { values[column] = text }
            }
            let lon = values.removeValue(forKey: .lon), lat = values.removeValue(forKey: .lat)
            guard case .point(let point) = feature.geometry else {
                sheet.problems.append((feature.position, "排污单位应为点，实为 \(feature.geometry.typeName) (a unit is a point)"))
                continue
            }
            sheet.rows.append(Row(position: feature.position, values: values, lon: lon, lat: lat, point: point))
        }
        sheet.ignoredColumns = ignored.sorted()
        return sheet
    }
}

/// The columns a unit sheet may have, with the headers (Chinese first) that name them.
enum UnitColumn: String, CaseIterable {
    case name, creditCode, permitNumber, industry, address, lon, lat, permittedOutfalls

    var headers: [String] {
        switch self {
        case .name: ["单位名称", "排污单位名称", "排污单位", "企业名称", "名称", "name", "unit_name"]
        case .creditCode: ["统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"]
        case .permitNumber: ["排污许可证编号", "排污许可证号", "许可证编号", "排污许可证", "permit_number", "permit"]
        case .industry: ["行业", "行业类别", "所属行业", "industry"]
        case .address: ["地址", "详细地址", "单位地址", "address"]
        case .lon: ["经度", "东经", "lon", "lng", "longitude", "x"]
        case .lat: ["纬度", "北纬", "lat", "latitude", "y"]
        case .permittedOutfalls: ["许可排污口", "排污许可载明排污口", "许可证载明排污口", "permitted_outfalls"]
        }
    }

    init?(header: String) {
        let wanted = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard let column = Self.allCases.first(where: { $0.headers.contains(wanted) }) else { return nil }
        self = column
    }

    /// The header a message names the column by.
    var label: String { headers[0] }
}
