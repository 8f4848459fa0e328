import GeoKit
import JSON
import OutfallModel
import RegistryStore
import Rivers

/// JSON shapes of snapping and navigation results, shared by the CLI and the HTTP API.
extension SnapResult {
    public func json(maxDistance: Double) -> JSONValue {
        let best = self.best
        var object = JSONObject([
            ("status", .string(status.rawValue)),
            ("pinned", .bool(pinned)),
            ("river", best.map { .string($0.river) } ?? .null),
            ("reach_id", best.map { .string($0.reach.displayID) } ?? .null),
            ("reach_key", best.map { .string($0.reach.key) } ?? .null),
            ("measure_m", best.map { .number(SnapCandidate.rounded($0.measure)) } ?? .null),
            ("offset_m", best.map { .number(SnapCandidate.rounded($0.offset)) } ?? .null),
            ("bank", best?.bank.map { .string($0.rawValue) } ?? .null),
            ("bank_label", best?.bank.map { .string($0.label) } ?? .null),
            ("snapped", best?.snapped.map(lonLatJSON) ?? .null),
            ("outlet_distance_m", best.map { .number(SnapCandidate.rounded($0.outletDistance)) } ?? .null),
        ])
        object["max_distance_m"] = .number(maxDistance)
        object["candidates"] = .array(candidates.map(\.json))
        return .object(object)
    }
}

extension PointSnap {
    public var json: JSONValue {
        guard case .object(var object) = result.json(maxDistance: options.maxDistance) else { return .null }
        object["input"] = .object(JSONObject([
            ("lon", .number(input.coordinate.x)), ("lat", .number(input.coordinate.y)), ("crs", .string(input.crs.description)),
        ]))
        object["location"] = lonLatJSON(location)
        return .object(object)
    }
}

extension StoredSnap {
    /// A candidate list that cannot be read is said to be so (`candidates` null and
    /// `candidates_error`), never shown as an empty list, which would read as "no other reach
    /// was near": the ambiguity a planner must resolve would vanish.
    public var json: JSONValue {
        let parsedCandidates = try? JSONParser().parse(candidates)
        var object = JSONObject([
            ("status", .string(status)),
            ("pinned", .bool(pinned)),
            ("river", river.map(JSONValue.string) ?? .null),
            ("reach_id", (reachCode ?? reachKey).map(JSONValue.string) ?? .null),
            ("reach_key", reachKey.map(JSONValue.string) ?? .null),
            ("measure_m", measure.map { .number(SnapCandidate.rounded($0)) } ?? .null),
            ("offset_m", offset.map { .number(SnapCandidate.rounded($0)) } ?? .null),
            ("bank", bank.map(JSONValue.string) ?? .null),
            ("snapped", snappedLon.flatMap { lon in snappedLat.map { lonLatJSON(Coordinate(lon: lon, lat: $0)) } } ?? .null),
            ("outlet_distance_m", outletDistance.map { .number(SnapCandidate.rounded($0)) } ?? .null),
            ("candidates", parsedCandidates ?? .null),
        ])
        if parsedCandidates == nil {
            object["candidates_error"] = .string("存储的候选河段列表无法读取，请重新吸附该排污口 (the stored candidate reaches cannot be read; snap this outfall again)")
        }
        return .object(object)
    }

    /// 左岸 / 右岸 / —
    public var bankLabel: String {
        switch bank {
        case "left": "左岸"
        case "right": "右岸"
        default: "—"
        }
    }
}

extension NavigationReport {
    public var json: JSONValue {
        .object(JSONObject([
            ("start", .object(JSONObject([
                ("description", .string(startDescription)),
                ("river", .string(start.river)),
                ("reach_id", .string(start.reach.displayID)),
                ("measure_m", .number(SnapCandidate.rounded(start.measure))),
                ("snapped", start.snapped.map(lonLatJSON) ?? .null),
            ]))),
            ("direction", .string(direction.rawValue)),
            ("distance_m", .number(distance)),
            ("mainstem", .bool(mainstemOnly)),
            ("reaches", .array(reaches.map { r in
                .object(JSONObject([
                    ("reach_id", .string(r.reach.displayID)), ("reach_key", .string(r.reach.key)), ("river", .string(r.reach.river)),
                    ("from_measure_m", .number(SnapCandidate.rounded(r.fromMeasure))),
                    ("to_measure_m", .number(SnapCandidate.rounded(r.toMeasure))),
                    ("entry_distance_m", .number(SnapCandidate.rounded(r.entryDistance))),
                    ("length_m", .number(SnapCandidate.rounded(r.length))),
                    ("geometry", Geometry.lineString(r.geometry).geoJSON),
                ]))
            })),
            ("features", .array(features.map { f in
                .object(JSONObject([
                    ("layer", .string(f.layer.rawValue)), ("id", .number(Double(f.id))), ("key", .string(f.key)),
                    ("name", .string(f.name)), ("network_distance_m", .number(SnapCandidate.rounded(f.networkDistance))),
                    ("river", f.river.map(JSONValue.string) ?? .null),
                    ("measure_m", f.measure.map { .number(SnapCandidate.rounded($0)) } ?? .null),
                    ("detail", f.detail.map(JSONValue.string) ?? .null),
                ]))
            })),
        ]))
    }
}

func lonLatJSON(_ c: Coordinate) -> JSONValue {
    .object(JSONObject([("lon", .number(c.lon)), ("lat", .number(c.lat))]))
}
