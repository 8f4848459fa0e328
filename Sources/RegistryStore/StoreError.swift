/// Why the registry database could not be opened, read or written.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case databaseMissing(path: String)
    case databaseExists(path: String)
    case cannotOpen(path: String, reason: String)
    case notARegistry(path: String)
    case corruptRow(table: String, id: Int64, reason: String)
    case sqlite(String)
    /// `feature` would take `value` of `column`, which `holder` already has.
    case duplicateValue(table: String, column: String, value: String, feature: String, holder: String)
    case noSuchUser(String)
    /// A stored snap or screening read was not current (an outfall, layer or the rules changed
    /// since it was computed): the reader refreshes them and reads again.
    case derivedResultsStale

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            "数据库 \(path) 不存在：请先运行 outfalls init（或 outfalls init --sample 载入柳城示例数据）(database not found)"
        case .databaseExists(let path):
            "数据库 \(path) 已存在：如确需重建，请加 --force（旧文件会先备份）(database exists)"
        case .cannotOpen(let path, let reason):
            "无法打开数据库 \(path)：\(reason) (cannot open database)"
        case .notARegistry(let path):
            "\(path) 不是排污口登记数据库 (not an Outfall Registry database)"
        case .corruptRow(let table, let id, let reason):
            "数据表 \(table) 第 \(id) 行无法读取：\(reason) (corrupt row)"
        case .sqlite(let message):
            "数据库错误：\(message) (SQLite error)"
        case .noSuchUser(let name):
            "没有用户 \(name) (no such user)"
        case .derivedResultsStale:
            "吸附或核查结果在读取时已过期（读取期间数据有变动），请重试 (stored snaps or screenings changed while being read; try again)"
        case .duplicateValue(let table, let column, let value, let feature, let holder):
            "“\(feature)”的 \(column) 为“\(value)”，但登记库 \(table) 中的 \(holder) 已使用该值；编码不能重复 (duplicate \(column))"
        }
    }
}

extension StoreError {
    /// A value another record already holds: the input's fault, not the database's.
    public var isDuplicateValue: Bool {
        if case .duplicateValue = self { true } else { false }
    }
}
