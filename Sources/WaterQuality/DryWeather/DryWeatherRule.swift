/// 旱天直排: a storm outlet discharging when it has not rained. No national criterion was
/// found, so both numbers are county settings, shown as unconfirmed: a day is dry when the
/// rainfall is at most `thresholdMM`; flow seen on a dry day that follows `dryDays` dry days
/// is a dry-weather discharge.
public struct DryWeatherRule: Sendable, Hashable, Codable {
    public var dryDays: Int
    public var thresholdMM: Double

    /// Defaults: 3 dry days; 0.1 mm, below which meteorology counts a day as without
    /// precipitation (微量降水, GB/T 28592-2012 as commonly cited — not checked). Both are
    /// county settings, not law.
    public static let defaults = DryWeatherRule(dryDays: 3, thresholdMM: 0.1)

    public static let maximumDryDays = 60

    public init(dryDays: Int, thresholdMM: Double) {
        self.dryDays = dryDays
        self.thresholdMM = thresholdMM
    }

    public var label: String {
        "连续 \(dryDays) 天日降雨量 ≤ \(MeasuredValue.format(thresholdMM)) mm 后当天仍无雨时有流量〔县级设定，无国家判定标准，待核实〕"
    }

    /// One flow reading on one day, judged.
    public struct Finding: Sendable, Hashable {
        public enum Verdict: String, Sendable, Hashable {
            case dryWeatherDischarge = "dry_weather_discharge"
            case wetWeather = "wet_weather"
            /// Rain records missing for days the rule needs.
            case cannotJudge = "cannot_judge"
        }

        public var day: String
        /// m³/d.
        public var flow: Double
        public var verdict: Verdict
        public var reason: String
    }

    /// Judges every positive flow sample of a storm outlet against the rain calendar.
    public func judge(flows: [Sample], calendar: RainCalendar) -> [Finding] {
        var out: [Finding] = []
        let positive = flows.filter { $0.parameter == .flow && !$0.value.belowDetectionLimit && ($0.value.number ?? 0) > 0 }
        for day in Set(positive.map(\.day)).sorted() {
            let flow = positive.filter { $0.day == day }.compactMap(\.value.number).max() ?? 0
            var missing: [String] = []
            var wet: (String, Double)?
            for offset in stride(from: 0, through: -dryDays, by: -1) {
                guard let d = RainCalendar.day(day, offset: offset) else { continue }
                if let mm = calendar.millimetres(on: d) {
                    if mm > thresholdMM && wet == nil { wet = (d, mm) }
                } else {
                    missing.append(d)
                }
            }
            if let wet {
                out.append(Finding(day: day, flow: flow, verdict: .wetWeather, reason: "\(wet.0) 降雨 \(MeasuredValue.format(wet.1)) mm"))
            } else if !missing.isEmpty {
                out.append(Finding(day: day, flow: flow, verdict: .cannotJudge, reason: "缺少降雨记录：\(missing.sorted().joined(separator: "、"))"))
            } else {
                out.append(
                    Finding(
                        day: day, flow: flow, verdict: .dryWeatherDischarge,
                        reason: "此前连续 \(dryDays) 天及当天日降雨量均 ≤ \(MeasuredValue.format(thresholdMM)) mm，仍有流量 \(MeasuredValue.format(flow)) m³/d"))
            }
        }
        return out
    }
}
