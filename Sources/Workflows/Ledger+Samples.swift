import Foundation
import LayerFormats
import OutfallModel
import Registry
import RegistryStore
import Supervision
import WaterQuality

/// What a sample import stored.
public struct SampleImportReport: Sendable {
    public var file: String
    public var count: Int
    public var points: [String]
    public var parameters: [Parameter]
}

/// A stored sample with the id the ledger gave it.
public typealias StoredSample = Sample

extension Ledger {
    /// Most rows one file may hold.
    public static let maximumSampleRows = 100_000
    /// Most row problems listed in one refusal.
    static let maximumListedProblems = 50

    /// The canonical columns of a samples file and the headers accepted for each.
    static let sampleColumns: [(name: String, aliases: [String], required: Bool)] = [
        ("point", ["监测点", "点位", "监测点位", "排污口", "断面", "排污口编码"], true),
        ("sampled_at", ["采样时间", "采样日期", "监测时间", "时间", "日期"], true),
        ("parameter", ["指标", "监测指标", "项目", "监测项目"], true),
        ("value", ["数值", "监测值", "结果", "浓度", "测定值"], true),
        ("unit", ["单位"], true),
        ("kind", ["样品类型", "采样类型", "类型"], true),
        ("lab", ["检测单位", "检测机构", "实验室", "监测单位"], false),
    ]

    /// Imports lab and field results from CSV or XLSX, all or nothing: every row is checked
    /// (point known, time, parameter, value, unit of the right kind, sample kind) and any
    /// problem refuses the whole file with the rows' numbers and reasons, storing nothing.
    /// Each sample becomes a ledger document with a `create` event.
    public func importSamples(path: String, actor: String) throws(LedgerError) -> SampleImportReport {
        try Self.sayingNothingWasImported { () throws(LedgerError) in try readAndStoreSamples(path: path, actor: actor) }
    }

    /// Every refusal of a file says that nothing was imported, whatever stage refused it.
    static func sayingNothingWasImported<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch .refused(let subject, let reason) where !reason.contains("未导入任何数据") {
            throw .refused(subject: subject, reason: reason + "；未导入任何数据 (nothing imported)")
        }
    }

    private func readAndStoreSamples(path: String, actor: String) throws(LedgerError) -> SampleImportReport {
        let table = try readTable(path)
        let columns = try Self.locateColumns(table.header, file: path)
        let points = try pointDirectory()
        var existing: Set<String> = []
        for stored in try read({ reader in try reader.documents(.sample) }) {
            let s = try Sample.decode(stored)
            existing.insert(Self.identity(s))
        }
        var samples: [Sample] = []
        var problems: [String] = []
        var seen: Set<String> = []
        let times = SampleTimes()
        for row in table.rows {
            func cell(_ name: String) -> String {
                guard let i = columns[name], i < row.cells.count else { return "" }
                return row.cells[i]
            }
            if row.cells.count != table.header.count {
                problems.append("第 \(row.line) 行：有 \(row.cells.count) 列，表头有 \(table.header.count) 列")
                continue
            }
            do {
                let sample = try Self.sample(
                    point: cell("point"), sampledAt: cell("sampled_at"), parameter: cell("parameter"), value: cell("value"), unit: cell("unit"),
                    kind: cell("kind"), lab: cell("lab"), points: points, times: times)
                let key = Self.identity(sample)
                if existing.contains(key) {
                    problems.append("第 \(row.line) 行：同一监测点、时间、指标、样品类型的数据已导入过 (already imported)")
                } else if seen.contains(key) {
                    problems.append("第 \(row.line) 行：与本文件前面的行重复 (duplicate row)")
                } else {
                    seen.insert(key)
                    samples.append(sample)
                }
            } catch {
                problems.append("第 \(row.line) 行：\(error)")
            }
        }
        if !problems.isEmpty {
            let listed = problems.prefix(Self.maximumListedProblems).joined(separator: "\n  ")
            let more = problems.count > Self.maximumListedProblems ? "\n  ……另有 \(problems.count - Self.maximumListedProblems) 行有问题" : ""
            throw .refused(subject: path, reason: "\(problems.count) 行有问题，未导入任何数据 (nothing imported)：\n  \(listed)\(more)")
        }
        guard !samples.isEmpty else { throw .refused(subject: path, reason: "没有数据行 (no data rows)") }
        let file = (path as NSString).lastPathComponent
        try change(actor: actor) { tx in
            for var sample in samples { try tx.create(&sample, action: "import", reason: "导入 \(file)") }
        }
        return SampleImportReport(
            file: file, count: samples.count, points: Array(Set(samples.map(\.point.name))).sorted(),
            parameters: Array(Set(samples.map(\.parameter))).sorted())
    }

    /// Stored samples, optionally of one point (an outfall's key or code, or a section's
    /// name) and within China-local dates `from`…`to` (inclusive), oldest first.
    public func samples(point: String? = nil, from: String? = nil, to: String? = nil) throws(LedgerError) -> [Sample] {
        var wanted: SamplePoint?
        if let point {
            let directory = try pointDirectory()
            wanted = try directory.resolve(point)
        }
        for (name, day) in [("from", from), ("to", to)] {
            if let day, !Self.isDate(day) { throw .refused(subject: "--\(name)", reason: "应为日期 YYYY-MM-DD：\(day)") }
        }
        let all = try read { reader in try reader.documents(.sample) }.map { stored throws(LedgerError) in try Sample.decode(stored) }
        return all.filter { s in
            (wanted.map { $0.kind == s.point.kind && $0.id == s.point.id } ?? true) && (from.map { s.day >= $0 } ?? true)
                && (to.map { s.day <= $0 } ?? true)
        }.sorted { ($0.sampledAt, $0.parameter) < ($1.sampledAt, $1.parameter) }
    }

    // MARK: Reading a file

    func readTable(_ path: String, maximumRows: Int = Ledger.maximumSampleRows) throws(LedgerError) -> DataTable {
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max
        } catch {
            throw .refused(subject: path, reason: "无法读取文件 (cannot read file)")
        }
        guard size <= DataTable.maximumFileSize else { throw .refused(subject: path, reason: "文件过大 (file too large)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .refused(subject: path, reason: "无法读取文件 (cannot read file)") }
        do {
            return try DataTable.read(InputFile(path: path, bytes: [UInt8](data)), maximumRows: maximumRows)
        } catch {
            throw .refused(subject: path, reason: "\(error)")
        }
    }

    static func locateColumns(
        _ header: [String], file: String, columns: [(name: String, aliases: [String], required: Bool)] = sampleColumns
    ) throws(LedgerError) -> [String: Int] {
        func key(_ s: String) -> String { s.lowercased().filter { !$0.isWhitespace } }
        var found: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            // "指标 parameter" headers from our own template carry both names.
            let parts = name.split(whereSeparator: { $0 == " " || $0 == "[" || $0 == "]" || $0 == "(" || $0 == ")" }).map(String.init) + [name]
            for column in columns where parts.contains(where: { p in key(p) == column.name || column.aliases.contains { key($0) == key(p) } }) {
                if let previous = found[column.name] {
                    throw .refused(subject: file, reason: "表头中有两列都表示“\(column.name)”（第 \(previous + 1) 列和第 \(i + 1) 列）")
                }
                found[column.name] = i
            }
        }
        let missing = columns.filter { $0.required && found[$0.name] == nil }
        guard missing.isEmpty else {
            throw .refused(
                subject: file,
                reason: "缺少列：" + missing.map { "\($0.name)［\($0.aliases[0])］" }.joined(separator: "、")
                    + "（应有：" + columns.map { "\($0.name) \($0.aliases[0])\($0.required ? "" : "（可选）")" }.joined(separator: "、") + "）")
        }
        return found
    }

    static func sample(
        point: String, sampledAt: String, parameter: String, value: String, unit: String, kind: String, lab: String, points: PointDirectory,
        times: SampleTimes
    ) throws -> Sample {
        for (name, text) in [("监测点", point), ("指标", parameter), ("单位", unit), ("样品类型", kind), ("检测单位", lab), ("采样时间", sampledAt)]
        where text.count > 200 {
            throw LedgerError.refused(subject: name, reason: "超过 200 字 (too long)")
        }
        guard !point.isEmpty else { throw LedgerError.refused(subject: "监测点", reason: "为空 (empty)") }
        let where_ = try points.resolve(point)
        guard let (utc, day) = times.instant(sampledAt) else {
            throw LedgerError.refused(subject: "采样时间", reason: "“\(sampledAt)”不是日期或时间（如 2024-06-25 或 2024-06-25 14:30）")
        }
        guard utc <= times.now else { throw LedgerError.refused(subject: "采样时间", reason: "“\(sampledAt)”在将来 (in the future)") }
        guard let p = Parameter(parsing: parameter) else { throw WaterQualityError.unknownParameter(parameter) }
        guard let k = SampleKind(parsing: kind) else {
            throw LedgerError.refused(subject: "样品类型", reason: "“\(kind)”应为 瞬时样 (spot) 或 混合样 (composite)")
        }
        return try Sample.reading(
            point: where_, sampledAt: utc, day: day, parameter: p, value: value, unit: unit, kind: k, lab: lab.isEmpty ? nil : lab)
    }

    /// Two samples are the same measurement when point, time, parameter and kind agree.
    static func identity(_ s: Sample) -> String {
        "\(s.point.kind.rawValue)/\(s.point.id)|\(s.sampledAt)|\(s.parameter.rawValue)|\(s.sampleKind.rawValue)"
    }

    /// Outfalls and sections by every name a file may use for them.
    func pointDirectory() throws(LedgerError) -> PointDirectory {
        do {
            return PointDirectory(outfalls: try registry.store.fetchAll(Outfall.self), sections: try registry.store.fetchAll(MonitoringSection.self))
        } catch {
            throw .storage("\(error)")
        }
    }

    /// The outfall a person means by a key, local code or national code.
    func findOutfall(_ reference: String) throws(LedgerError) -> Outfall {
        let directory = try pointDirectory()
        let point: SamplePoint
        // As sample files name points (key, codes, the short id after the ':'); a person may
        // also give the registry id (`9`, `#9`), as every other command accepts.
        do { point = try directory.resolve(reference, only: .outfall) } catch { return try outfall(reference) }
        guard let outfall = directory.outfalls.first(where: { $0.id == point.id }) else { throw .notFound(.layer("outfalls"), reference) }
        return outfall
    }
}

/// Finds a monitoring point by what a file calls it.
struct PointDirectory {
    var outfalls: [Outfall]
    var sections: [MonitoringSection]

    func resolve(_ text: String, only: SamplePoint.Kind? = nil) throws(LedgerError) -> SamplePoint {
        let t = text.trimmingCharacters(in: .whitespaces)
        var found: [SamplePoint] = []
        if only != .section {
            // The key's last segment is the feature id a source file gave ("liucheng-sample:O-01" → "O-01").
            for o in outfalls where o.key == t || o.localCode == t || o.nationalCode == t || o.key.split(separator: ":").last.map(String.init) == t {
                if let id = o.id { found.append(SamplePoint(kind: .outfall, id: id, name: o.key)) }
            }
        }
        if only != .outfall {
            for s in sections where s.name == t || s.key == t {
                if let id = s.id { found.append(SamplePoint(kind: .section, id: id, name: s.name)) }
            }
        }
        let distinct = Array(Set(found))
        guard let first = distinct.first else {
            throw .refused(subject: "监测点", reason: "“\(t)”不是已登记排污口的键、本地编码或国家编码，也不是监测断面名称 (unknown point)")
        }
        guard distinct.count == 1 else { throw .refused(subject: "监测点", reason: "“\(t)”同时对应多个监测点，请用排污口键或编码") }
        return first
    }
}

/// Sampling times of one file, parsed once each: a lab sheet repeats the same time on every
/// parameter's row, and date parsing is the slow part of a large import.
final class SampleTimes {
    let now = Timestamp.now()
    private var parsed: [String: (utc: String, day: String)?] = [:]

    func instant(_ text: String) -> (String, String)? {
        if let known = parsed[text] { return known.map { ($0.utc, $0.day) } }
        var result: (utc: String, day: String)?
        if let utc = ChinaTime.parseInput(text), let day = ChinaTime.date(utc) { result = (utc, day) }
        parsed[text] = result
        return result.map { ($0.utc, $0.day) }
    }
}
