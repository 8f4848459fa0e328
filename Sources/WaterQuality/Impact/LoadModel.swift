import Foundation

/// The impact model, kept deliberately simple and stated on every output: an outfall's load
/// (flow × concentration) travels down the river at a constant velocity and decays by first
/// order, `delivered = load × exp(−k × t)` with `t = distance / velocity`; loads from
/// different outfalls add (no dilution, mixing zones, withdrawals or tributary inflow).
public struct LoadModel: Sendable, Hashable, Codable {
    /// First-order decay rate per day, by parameter.
    public var decayPerDay: [Parameter: Double]
    /// Mean flow velocity (m/s).
    public var velocity: Double

    /// Defaults [unconfirmed]: k (1/d) COD 0.2, NH3-N 0.1, TP 0.05 and 0.5 m/s are round values
    /// of the order found in Chinese water-capacity practice for medium rivers, not taken
    /// from a checked source; the county sets its own.
    public static let defaults = LoadModel(decayPerDay: [.cod: 0.2, .ammonia: 0.1, .totalPhosphorus: 0.05], velocity: 0.5)

    public static let parameters: [Parameter] = [.cod, .ammonia, .totalPhosphorus]

    public init(decayPerDay: [Parameter: Double], velocity: Double) {
        self.decayPerDay = decayPerDay
        self.velocity = velocity
    }

    /// kg/d from a flow in m³/d and a concentration in mg/L (= g/m³).
    public static func load(flow: Double, concentration: Double) -> Double { flow * concentration / 1_000 }

    /// Travel time in days over `distance` metres.
    public func travelDays(_ distance: Double) -> Double { distance / velocity / 86_400 }

    /// What of `load` (kg/d) reaches a point `distance` metres downstream.
    public func delivered(_ load: Double, parameter: Parameter, distance: Double) -> Double {
        load * exp(-(decayPerDay[parameter] ?? 0) * travelDays(distance))
    }

    public var assumptions: String {
        let ks = Self.parameters.map { "\($0.rawValue) k=\(MeasuredValue.format(decayPerDay[$0] ?? 0))/d" }.joined(separator: "，")
        return "模型假设：负荷 = 流量 × 浓度；沿河网以恒定流速 \(MeasuredValue.format(velocity)) m/s 下行，一级衰减 \(ks)；"
            + "各排污口负荷线性叠加，不计稀释、混合区、取用水和支流来水。参数为县级设定〔待核实〕，结果仅用于排序和比较。"
    }
}

/// One outfall's contribution at a section.
public struct LoadContribution: Sendable, Hashable {
    public var name: String
    public var parameter: Parameter
    /// kg/d at the outfall.
    public var load: Double
    /// Network distance from the outfall down to the section, metres.
    public var distance: Double
    /// kg/d arriving at the section.
    public var delivered: Double
    /// Share of everything delivered of this parameter, 0–1.
    public var share: Double

    /// Ranks outfalls by what they deliver, with shares of the total.
    public static func rank(
        _ sources: [(name: String, load: Double, distance: Double)], parameter: Parameter, model: LoadModel
    ) -> [LoadContribution] {
        let delivered = sources.map { model.delivered($0.load, parameter: parameter, distance: $0.distance) }
        let total = delivered.reduce(0, +)
        return zip(sources, delivered).map { s, d in
            LoadContribution(name: s.name, parameter: parameter, load: s.load, distance: s.distance, delivered: d, share: total > 0 ? d / total : 0)
        }.sorted { $0.delivered > $1.delivered }
    }
}
