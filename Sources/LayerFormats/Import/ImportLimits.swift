/// How much one import may bring in, so that one hostile or mistaken file cannot fill the
/// database, the pages that show it, or the server's memory. Documented in docs/formats.md
/// ("Limits").
///
/// Every limit is refused with the file, the feature and the field named; nothing is written.
public enum ImportLimits {
    /// Features (rows) per file: five times the largest province's outfalls. A setting:
    /// `outfalls import --max-features N` (``ReadOptions/maximumFeatures``).
    public static let maximumFeatures = 200_000

    /// Characters in a name (`name` / `名称`): a real name (行政区 + 位置 + 类型) is under 50.
    public static let nameLength = 200

    /// Characters in any other text value (addresses, notes, descriptions).
    public static let textLength = 2_000

    /// Characters in a property (column) name.
    public static let propertyNameLength = 200

    /// Bytes one XML part of a spreadsheet (a sheet, the shared strings) may inflate to:
    /// GDAL parses each part whole, and 200,000 rows of a ledger are well under this.
    public static let spreadsheetPartSize: UInt64 = 128 << 20

    /// Bytes all XML parts of a spreadsheet may inflate to together.
    public static let spreadsheetTotalSize: UInt64 = 256 << 20
}
