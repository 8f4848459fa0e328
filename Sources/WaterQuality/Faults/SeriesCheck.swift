/// Finds readings that look like device faults in one point's samples. Thresholds are
/// ours (no standard sets them) and stated in each flag's detail.
public enum SeriesCheck {
    /// Identical consecutive readings that make a flat line.
    public static let flatRun = 6
    /// A reading this many times the median of the previous readings (or below 1/this) is a step.
    public static let stepFactor = 10.0
    /// Readings the step test needs before it.
    public static let stepWindow = 5
    /// A series needs this many readings before gaps are looked for (online series).
    public static let gapMinimumReadings = 10
    /// An interval this many times the median interval is a gap.
    public static let gapFactor = 5.0
    /// DO above this (mg/L) is beyond any natural supersaturation.
    public static let maximumDissolvedOxygen = 20.0

    public static func flags(_ samples: [Sample]) -> [FaultFlag] {
        var out: [FaultFlag] = []
        let byParameter = Dictionary(grouping: samples.filter { $0.parameter != .waterTemperature }, by: \.parameter)
        for parameter in byParameter.keys.sorted() {
            let series = (byParameter[parameter] ?? []).sorted { $0.sampledAt < $1.sampledAt }
            out += flatLines(series) + steps(series) + gaps(series)
        }
        out += impossible(samples)
        return out
    }

    static func flatLines(_ series: [Sample]) -> [FaultFlag] {
        var out: [FaultFlag] = []
        var start = 0
        func close(_ end: Int) {
            let run = Array(series[start..<end])
            guard run.count >= flatRun, let first = run.first, let value = first.value.number, !first.value.belowDetectionLimit else { return }
            out.append(
                FaultFlag(
                    id: "\(FaultFlag.Kind.flatLine.rawValue):\(first.parameter.rawValue):\(first.sampledAt)", point: first.point,
                    parameter: first.parameter,
                    kind: .flatLine, days: Array(Set(run.map(\.day))).sorted(),
                    detail: "连续 \(run.count) 个读数均为 \(MeasuredValue.format(value))（≥ \(flatRun) 个相同读数视为疑似卡滞）"))
        }
        for i in series.indices.dropFirst() where series[i].value != series[i - 1].value {
            close(i)
            start = i
        }
        if !series.isEmpty { close(series.count) }
        return out
    }

    static func steps(_ series: [Sample]) -> [FaultFlag] {
        guard series.count > stepWindow else { return [] }
        var out: [FaultFlag] = []
        for i in stepWindow..<series.count {
            let previous = series[(i - stepWindow)..<i].compactMap { $0.value.belowDetectionLimit ? nil : $0.value.number }.sorted()
            guard previous.count == stepWindow, let v = series[i].value.number, !series[i].value.belowDetectionLimit else { continue }
            let median = previous[previous.count / 2]
            guard median > 0 else { continue }
            if v >= median * stepFactor || v <= median / stepFactor {
                let s = series[i]
                out.append(
                    FaultFlag(
                        id: "\(FaultFlag.Kind.step.rawValue):\(s.parameter.rawValue):\(s.sampledAt)", point: s.point, parameter: s.parameter,
                        kind: .step,
                        days: [s.day],
                        detail:
                            "\(MeasuredValue.format(v)) 为此前 \(stepWindow) 个读数中位数 \(MeasuredValue.format(median)) 的 \(MeasuredValue.format((v / median * 100).rounded() / 100)) 倍（≥ \(MeasuredValue.format(stepFactor)) 倍或 ≤ 1/\(MeasuredValue.format(stepFactor)) 视为突变）"
                    ))
            }
        }
        return out
    }

    static func gaps(_ series: [Sample]) -> [FaultFlag] {
        guard series.count >= gapMinimumReadings else { return [] }
        let times = series.compactMap { seconds($0.sampledAt) }
        guard times.count == series.count else { return [] }
        let intervals = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
        let median = intervals[intervals.count / 2]
        guard median > 0 else { return [] }
        var out: [FaultFlag] = []
        for i in 1..<series.count where times[i] - times[i - 1] > median * gapFactor {
            let s = series[i]
            out.append(
                FaultFlag(
                    id: "\(FaultFlag.Kind.gap.rawValue):\(s.parameter.rawValue):\(s.sampledAt)", point: s.point, parameter: s.parameter, kind: .gap,
                    days: [series[i - 1].day, s.day].uniqued(),
                    detail:
                        "\(series[i - 1].sampledAt) 至 \(s.sampledAt) 无数据，为通常间隔的 \(MeasuredValue.format(((times[i] - times[i - 1]) / median * 10).rounded() / 10)) 倍"
                ))
        }
        return out
    }

    /// Pairs that cannot both be true at one time, and DO beyond saturation.
    static func impossible(_ samples: [Sample]) -> [FaultFlag] {
        var out: [FaultFlag] = []
        let byTime = Dictionary(grouping: samples, by: \.sampledAt)
        for time in byTime.keys.sorted() {
            let at = byTime[time] ?? []
            func value(_ p: Parameter) -> Double? {
                at.first { $0.parameter == p && !$0.value.belowDetectionLimit }?.value.number
            }
            for (part, whole, what) in [(Parameter.bod5, Parameter.cod, "五日生化需氧量高于化学需氧量"), (.ammonia, .totalNitrogen, "氨氮高于总氮")] {
                if let p = value(part), let w = value(whole), p > w, let s = at.first(where: { $0.parameter == part }) {
                    out.append(
                        FaultFlag(
                            id: "\(FaultFlag.Kind.impossible.rawValue):\(part.rawValue):\(time)", point: s.point, parameter: part, kind: .impossible,
                            days: [s.day],
                            detail: "\(what)（\(MeasuredValue.format(p)) > \(MeasuredValue.format(w))），同一时间不可能"))
                }
            }
            if let d = value(.dissolvedOxygen), d > maximumDissolvedOxygen, let s = at.first(where: { $0.parameter == .dissolvedOxygen }) {
                out.append(
                    FaultFlag(
                        id: "\(FaultFlag.Kind.impossible.rawValue):DO:\(time)", point: s.point, parameter: .dissolvedOxygen, kind: .impossible,
                        days: [s.day],
                        detail: "溶解氧 \(MeasuredValue.format(d)) mg/L 超过 \(MeasuredValue.format(maximumDissolvedOxygen)) mg/L，超出自然过饱和范围"))
            }
        }
        return out
    }

    /// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS(.sss)Z`, without Foundation's formatters.
    static func seconds(_ iso: String) -> Double? {
        let digits = iso.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6 else { return nil }
        let (y, m, d) = (digits[0], digits[1], digits[2])
        // Days from civil (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + digits[3] * 3_600 + digits[4] * 60 + digits[5])
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
