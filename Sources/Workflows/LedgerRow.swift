import Foundation
import OutfallModel
import Reports
import Siting
import Supervision

/// One outfall's ledger row: every ``LedgerField`` from the registry and the ledger.
struct LedgerRow {
    var outfall: Outfall
    var verdict: Severity?
    var derived: DerivedFields?
    var file: OutfallFile?
    var survey: SurveyRecord?
    var traces: [Trace]
    var units: [Int64: DischargingUnit]
    var government: String

    static func width(_ field: LedgerField) -> Double {
        switch field {
        case .name, .derivedDisagreements, .problemTypes, .responsibleBasis: 36
        case .type, .waterFunctionZone, .downstreamSection, .responsibleParty, .enteredResponsible, .responsibleKind: 24
        case .id, .lon, .lat, .bank, .nationalPlatform: 10
        default: 16
        }
    }

    func entered(_ keys: [String]) -> String? {
        for key in keys {
            if let value = outfall.extra[key]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    func cell(_ field: LedgerField) -> SpreadsheetCell {
        let o = outfall
        switch field {
        case .id: return .number(o.id.map(Double.init))
        case .key: return .text(o.key)
        case .name: return .text(o.name)
        case .nationalCode: return .text(o.nationalCode)
        case .localCode: return .text(o.localCode)
        case .temporaryNumber: return .text(file?.temporaryNumber)
        case .type: return .text(o.type.label)
        case .typeCategory: return .text(o.type.category.label)
        case .status: return .text(o.status?.label)
        case .township: return .text(survey?.township ?? entered(Ledger.enteredTownshipKeys) ?? derived?.township)
        case .townshipDerived: return .text(derived?.township)
        case .village: return .text(survey?.village ?? entered(["村", "行政村", "village"]))
        case .receivingWater: return .text(survey?.receivingWater ?? entered(Ledger.enteredWaterKeys) ?? derived?.receivingWater)
        case .receivingWaterDerived: return .text(derived?.receivingWater)
        case .bank: return .text(derived?.bankLabel)
        case .reachCode: return .text(derived?.reachCode)
        case .waterFunctionZone: return .text(derived?.waterFunctionZone)
        case .waterFunctionTarget: return .text(derived?.waterFunctionTarget)
        case .downstreamSection: return .text(derived?.downstreamSection)
        case .downstreamDistance: return .number(derived?.downstreamDistance.map { ($0 * 10).rounded() / 10 })
        case .lon: return .number(o.location.lon)
        case .lat: return .number(o.location.lat)
        case .lifecycle: return .text(file?.lifecycle.label)
        case .nationalPlatform: return .text((file?.nationalPlatform ?? .unknown).label)
        case .responsibleParty: return .text(responsible.party ?? responsible.reason)
        case .responsibleKind: return .text(Dossier.kindLabel(responsible.kind))
        case .responsibleBasis: return .text(responsible.basis)
        case .enteredResponsible: return .text(file?.enteredResponsible ?? o.responsible)
        case .latestSurveyDate: return .text(survey?.surveyedOn)
        case .dischargeWay: return .text(survey?.dischargeWay)
        case .problemTypes:
            var problems: [String] = []
            for p in (survey?.problems ?? []) + (traces.last?.problems ?? []) where !problems.contains(p) { problems.append(p) }
            return problems.isEmpty ? .empty : .text(problems.joined(separator: "、"))
        case .traceResult: return .text(traces.last?.result.label)
        case .verdict: return .text(verdict?.label)
        case .derivedDisagreements:
            let list = derived?.disagreements ?? []
            return list.isEmpty ? .empty : .text(list.map { "\($0.label)：登记“\($0.entered)”，推算“\($0.derived ?? "—")”" }.joined(separator: "；"))
        }
    }

    var responsible: ResponsibleParty { ResponsibleParty.derive(traces: traces, units: units, government: government) }
}
