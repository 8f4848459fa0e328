/// A lab result as written: a number, or "below the detection limit" (`<0.05`, `0.05L`,
/// `ND`, `未检出`, `ND(0.05)`) with the limit kept when the report gives it.
public struct MeasuredValue: Sendable, Codable, Hashable {
    /// The number, or for a value below detection the detection limit (nil if not given).
    public var number: Double?
    /// True when the lab found less than it can detect.
    public var belowDetectionLimit: Bool

    public init(_ number: Double) {
        self.number = number
        self.belowDetectionLimit = false
    }

    public init(belowDetectionLimit limit: Double?) {
        self.number = limit
        self.belowDetectionLimit = true
    }

    /// Largest magnitude accepted: anything bigger is a typing slip, not a measurement.
    public static let maximum = 1e9

    /// Reads `text`. Negative numbers are refused except where `allowNegative` (water
    /// temperature); the caller converts units afterwards.
    public init(parsing raw: String, allowNegative: Bool = false) throws(WaterQualityError) {
        let text = raw.trimmingWhitespace.replacingAll(["＜": "<", "（": "(", "）": ")", "．": "."])
        guard !text.isEmpty else { throw .badValue(raw, reason: "为空 (empty)") }
        guard text.count <= 40 else { throw .badValue(String(raw.prefix(40)), reason: "过长 (too long)") }
        let upper = text.uppercased()
        if ["ND", "未检出", "N.D.", "<DL", "<LOD"].contains(upper) {
            self.init(belowDetectionLimit: nil)
            return
        }
        for prefix in ["ND(", "未检出("] where upper.hasPrefix(prefix) && upper.hasSuffix(")") {
            let inner = String(text.dropFirst(prefix.count).dropLast())
            self.init(belowDetectionLimit: try Self.number(inner, raw: raw, allowNegative: false))
            return
        }
        if text.hasPrefix("<") {
            self.init(belowDetectionLimit: try Self.number(String(text.dropFirst()), raw: raw, allowNegative: false))
            return
        }
        // HJ lab reports write "0.05L": below the detection limit 0.05.
        if upper.hasSuffix("L"), upper.count > 1, Double(String(text.dropLast())) != nil {
            self.init(belowDetectionLimit: try Self.number(String(text.dropLast()), raw: raw, allowNegative: false))
            return
        }
        self.init(try Self.number(text, raw: raw, allowNegative: allowNegative))
    }

    private static func number(_ text: String, raw: String, allowNegative: Bool) throws(WaterQualityError) -> Double {
        // Decimal notation only: Swift's Double(_:) would also take "nan", "inf" and hex.
        let decimal = text.trimmingWhitespace
        guard !decimal.isEmpty, decimal.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let value = Double(decimal) else {
            throw .badValue(raw, reason: "不是数值，也不是 <检出限 或 ND/未检出 (not a number)")
        }
        guard value.isFinite, abs(value) <= maximum else { throw .badValue(raw, reason: "超出可接受范围 (out of range)") }
        guard allowNegative || value >= 0 else { throw .badValue(raw, reason: "不能为负数 (negative)") }
        return value
    }

    /// The same reading in another unit (a factor from ``MeasurementUnit``).
    public func scaled(by factor: Double) -> MeasuredValue {
        var copy = self
        copy.number = number.map { $0 * factor }
        return copy
    }

    /// "0.12", "<0.05", "未检出".
    public var display: String {
        switch (belowDetectionLimit, number) {
        case (true, let n?): "<" + Self.format(n)
        case (true, nil): "未检出"
        case (false, let n?): Self.format(n)
        case (false, nil): "—"
        }
    }

    /// A number as a person writes it: no trailing zeros, at most four decimals.
    public static func format(_ n: Double) -> String {
        if n == n.rounded() && abs(n) < 1e15 { return String(Int64(n)) }
        var s = String(format4: n)
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s
    }
}

extension String {
    /// Up to four decimals without Foundation.
    init(format4 n: Double) {
        let scaled = (n * 10_000).rounded()
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        let whole = magnitude / 10_000
        let fraction = magnitude % 10_000
        var f = String(fraction)
        while f.count < 4 { f = "0" + f }
        self = (negative ? "-" : "") + "\(whole).\(f)"
    }
}
