import Foundation
import Testing

@testable import WaterQuality

/// The routing model against closed-form, hand-computed answers.
struct LoadModelTests {
    // k = 0.2/d for COD, 0.5 m/s: 43.2 km is exactly one day of travel.
    let model = LoadModel(decayPerDay: [.cod: 0.2, .ammonia: 0.1], velocity: 0.5)

    @Test func loadIsFlowTimesConcentration() {
        // 10 000 m³/d × 50 mg/L = 500 kg/d.
        #expect(LoadModel.load(flow: 10_000, concentration: 50) == 500)
    }

    @Test func oneOutfallOneDayDownstream() {
        #expect(model.travelDays(43_200) == 1)
        #expect(abs(model.delivered(500, parameter: .cod, distance: 43_200) - 500 * exp(-0.2)) < 1e-9)  // 409.365…
        #expect(abs(model.delivered(500, parameter: .cod, distance: 43_200) - 409.3653765) < 1e-6)
    }

    @Test func twoInSeriesShareWhatArrives() {
        // A: 500 kg/d two days up; B: 300 kg/d at the section.
        let ranked = LoadContribution.rank([("A", 500, 86_400), ("B", 300, 0)], parameter: .cod, model: model)
        let a = 500 * exp(-0.4)  // 335.16
        #expect(ranked.map(\.name) == ["A", "B"])
        #expect(abs(ranked[0].delivered - a) < 1e-9 && ranked[1].delivered == 300)
        #expect(abs(ranked[0].share - a / (a + 300)) < 1e-12)
        #expect(abs(ranked.map(\.share).reduce(0, +) - 1) < 1e-12)
    }

    @Test func aParameterWithoutDecayArrivesWhole() {
        #expect(model.delivered(2, parameter: .totalPhosphorus, distance: 100_000) == 2)
    }
}
