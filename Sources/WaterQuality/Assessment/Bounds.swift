/// What a set of readings says for sure about their value: below-detection readings lie
/// somewhere between 0 and their detection limit, so a mean or a single reading is an
/// interval. A verdict is given only when the whole interval agrees (fail closed).
struct Bounds: Hashable {
    var lower: Double
    var upper: Double

    /// nil when a reading below detection gives no limit: nothing can be said.
    init?(_ values: [MeasuredValue]) {
        guard !values.isEmpty else { return nil }
        var lo = 0.0
        var hi = 0.0
        for v in values {
            guard let n = v.number else { return nil }
            lo += v.belowDetectionLimit ? 0 : n
            hi += n
        }
        lower = lo / Double(values.count)
        upper = hi / Double(values.count)
    }

    /// true: meets the limit; false: breaks it; nil: the interval straddles it.
    func meets(_ limit: Limit) -> Bool? {
        let lowOK = limit.minimum.map { lower >= $0 } ?? true
        let highOK = limit.maximum.map { upper <= $0 } ?? true
        if lowOK && highOK { return true }
        let surelyLow = limit.minimum.map { upper < $0 } ?? false
        let surelyHigh = limit.maximum.map { lower > $0 } ?? false
        return surelyLow || surelyHigh ? false : nil
    }
}

extension Array where Element == MeasuredValue {
    /// The mean as one reading: below detection only if every reading was.
    public var mean: MeasuredValue {
        let numbers = compactMap(\.number)
        guard numbers.count == count, !isEmpty else { return MeasuredValue(belowDetectionLimit: nil) }
        let m = numbers.reduce(0, +) / Double(count)
        return allSatisfy(\.belowDetectionLimit) ? MeasuredValue(belowDetectionLimit: m) : MeasuredValue(m)
    }
}
