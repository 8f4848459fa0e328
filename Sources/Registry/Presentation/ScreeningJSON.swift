import JSON
import OutfallModel
import Siting

extension ScreeningRow {
    /// One outfall's screening as `screen --format json` and the API give it.
    public func json() throws(RegistryError) -> JSONValue { json(findings: try findings()) }

    /// The row's JSON with `findings` in the findings' place (``ScreeningJSONWriter`` puts a
    /// placeholder there).
    func json(findings: JSONValue) -> JSONValue {
        .object(JSONObject(distinct: [
            ("id", .number(Double(outfall.id ?? 0))), ("name", .string(outfall.name)),
            ("type", .string(outfall.type.rawValue)), ("type_label", .string(outfall.type.label)),
            ("status", outfall.status.map { .string($0.rawValue) } ?? .null),
            ("verdict", .string(verdict.rawValue)), ("verdict_label", .string(verdict.label)),
            ("river", snap?.river.map(JSONValue.string) ?? .null), ("township", township.map(JSONValue.string) ?? .null),
            ("lon", .number(outfall.location.lon)), ("lat", .number(outfall.location.lat)),
            ("findings", findings),
        ]))
    }

    /// Verdict counts per group (river, township), groups sorted by name.
    public static func counts(_ rows: [ScreeningRow], by key: (ScreeningRow) -> String) -> [(String, [Severity: Int])] {
        var table: [String: [Severity: Int]] = [:]
        for row in rows { table[key(row), default: [:]][row.verdict, default: 0] += 1 }
        return table.sorted { $0.key < $1.key }
    }

    /// Totals per severity, per river and per township.
    public static func summary(_ rows: [ScreeningRow]) -> JSONValue {
        func block(_ grouped: [(String, [Severity: Int])]) -> JSONValue {
            // Group names come from a dictionary, so they are distinct: 20,000 rivers are
            // then not each looked up among the ones before.
            .object(JSONObject(distinct: grouped.map { name, bySeverity in
                (name, .object(JSONObject(distinct: Severity.allCases.reversed().map { ($0.rawValue, .number(Double(bySeverity[$0] ?? 0))) })))
            }))
        }
        var total = [Severity: Int]()
        for row in rows { total[row.verdict, default: 0] += 1 }
        return .object(JSONObject([
            ("total", .number(Double(rows.count))),
            ("by_severity", .object(JSONObject(Severity.allCases.reversed().map { ($0.rawValue, .number(Double(total[$0] ?? 0))) }))),
            ("by_river", block(counts(rows) { $0.snap?.river ?? "（未吸附）" })),
            ("by_township", block(counts(rows) { $0.township ?? "（无乡镇）" })),
        ]))
    }
}
