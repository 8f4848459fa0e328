import GeoKit
import JSON
import LayerFormats
import OutfallModel
import RegistryStore
import Rivers

/// A point given by a person, with the CRS it was given in.
public struct GivenPoint: Sendable {
    public var coordinate: Coordinate
    public var crs: CRS

    public init(_ coordinate: Coordinate, crs: CRS = .cgcs2000) {
        self.coordinate = coordinate
        self.crs = crs
    }
}

/// A snap of a point someone asked about, with the point in storage coordinates.
public struct PointSnap: Sendable {
    public var input: GivenPoint
    /// The point in CGCS2000 lon/lat.
    public var location: Coordinate
    public var result: SnapResult
    public var options: SnapOptions
}

extension Registry {
    /// The river network of the stored rivers layer: read from the stored network index of
    /// the current rivers version, or built (and the index stored) when there is none — so
    /// the network is built once per version of the rivers layer, not once per process.
    public func riverNetwork() throws(RegistryError) -> RiverNetwork {
        try wrapping {
            let version = try store.version(of: .rivers)
            let epsg = settings.metricEPSG
            if let stored = try store.networkIndex(
                riversVersion: version, metricEPSG: epsg, format: RiverNetwork.indexFormat, decode: { RiverNetwork(index: $0) })
            {
                return stored
            }
            let reaches = try store.fetchAll(RiverReach.self)
            let network = try RiverNetwork.build(reaches: reaches, metricEPSG: epsg)
            // Stored only if the rivers did not change meanwhile; a read-only registry (a
            // backup being inspected) still answers, building the network each time.
            try? store.saveNetworkIndex(network.encodedIndex(), riversVersion: version, metricEPSG: epsg, format: RiverNetwork.indexFormat)
            return network
        }
    }

    public var defaultSnapOptions: SnapOptions {
        SnapOptions(maxDistance: settings.snapMaxDistance, ambiguityMargin: settings.snapAmbiguityMargin)
    }

    /// Converts a given point to storage coordinates and checks it is in the region.
    public func locate(_ point: GivenPoint, converter: GeodeticConverter = GeodeticConverter()) throws(RegistryError) -> Coordinate {
        let converted: Coordinate
        do {
            converted = try converter.toCGCS2000([point.coordinate], from: point.crs)[0]
        } catch {
            throw .crs(error)
        }
        guard converted.isFinite else { throw .invalid("坐标不是有限数值 (non-finite coordinate)") }
        if let problem = settings.region.problem(with: converted) {
            throw .invalid("坐标 \(point.coordinate) 不在配置区域内：\(problem)")
        }
        return converted
    }

    /// Snaps one point to the network: `network`, or the stored network near the point.
    public func snap(_ point: GivenPoint, options: SnapOptions? = nil, network: RiverNetwork? = nil) throws(RegistryError) -> PointSnap {
        let converter = geodeticConverterFromStoredPipelines()
        defer { rememberPipelines(of: converter) }
        let location = try locate(point, converter: converter)
        let options = options ?? defaultSnapOptions
        let metric = try wrapping { try converter.toMetric([location])[0] }
        let built: RiverNetwork
        if let network { built = network } else { built = try riverNetwork(near: metric, within: options.radius + 1) }
        let result = try wrapping {
            var results = [built.snap(metric: metric, options: options)]
            try built.fillLonLat(&results, converter: converter)
            return results[0]
        }
        return PointSnap(input: point, location: location, result: result, options: options)
    }

    /// Recomputes the stored snaps that are stale (outfall or rivers changed since), in one
    /// transaction. Pinned outfalls snap to their pinned reach. Returns how many were redone.
    @discardableResult
    public func refreshSnaps(network given: RiverNetwork? = nil) throws(RegistryError) -> Int {
        try wrapping {
            let stale = Set(try store.outfallsNeedingSnaps())
            guard !stale.isEmpty else { return 0 }
            let riversVersion = try store.version(of: .rivers)
            let network = try given ?? riverNetwork()
            let outfalls = try store.fetchAll(Outfall.self).filter { $0.id.map(stale.contains) ?? false }
            let pins = try store.pins()
            let converter = GeodeticConverter(metricEPSG: settings.metricEPSG)
            let metric = try converter.toMetric(outfalls.map(\.location))
            var results = try network.snap(outfalls.map(\.location), options: defaultSnapOptions, converter: converter)
            for (i, outfall) in outfalls.enumerated() {
                guard let id = outfall.id, let pin = pins[id] else { continue }
                if let reach = network.reachIndex(key: pin.reachKey) {
                    results[i] = network.snap(metric: metric[i], pinnedTo: reach)
                } else {
                    results[i] = SnapResult(status: .none, best: nil, candidates: [], pinned: true)
                }
            }
            try network.fillLonLat(&results, converter: converter)
            let rows = zip(outfalls, results).compactMap { outfall, result in outfall.id.map { StoredSnap(outfallID: $0, result) } }
            try store.saveSnaps(rows, riversVersion: riversVersion)
            return rows.count
        }
    }

    /// Current snaps of all outfalls, refreshed first if stale.
    public func outfallSnaps() throws(RegistryError) -> [Int64: StoredSnap] {
        try refreshSnaps()
        return try wrapping { try store.snaps() }
    }

    /// Outfalls that did not snap cleanly (ambiguous, too far, none) and are not pinned:
    /// the list a person works through.
    public func unresolvedSnaps() throws(RegistryError) -> [(outfall: Outfall, snap: StoredSnap)] {
        let snaps = try outfallSnaps()
        let outfalls = try wrapping { try store.fetchAll(Outfall.self) }
        return outfalls.compactMap { outfall in
            guard let id = outfall.id, let snap = snaps[id], snap.status != SnapResult.Status.ok.rawValue else { return nil }
            return (outfall, snap)
        }
    }

    /// Pins outfall `id` to the reach whose key or code is `reach` (nil to unpin).
    public func pin(outfall id: Int64, reach: String?, note: String?, actor: String) throws(RegistryError) -> StoredSnap? {
        try Self.checkLength(note, field: "备注 (note)", limit: ImportLimits.textLength)
        return try wrapping {
            guard try store.fetch(Outfall.self, id: id) != nil else { throw RegistryError.notFound("排污口 ID \(id)") }
            var reachKey: String?
            if let reach {
                let reaches = try store.fetchAll(RiverReach.self)
                let matches = reaches.filter { $0.key == reach || $0.reachCode == reach }
                guard let match = matches.first else { throw RegistryError.notFound("河段“\(reach)”（按河段编码或键）") }
                guard matches.count == 1 else {
                    throw RegistryError.invalid("河段编码“\(reach)”对应多个河段，请用键：\(matches.map(\.key).joined(separator: "、"))")
                }
                reachKey = match.key
            }
            try store.setPin(outfallID: id, reachKey: reachKey, note: note, actor: actor)
            return try outfallSnaps()[id]
        }
    }
}

extension StoredSnap {
    init(outfallID: Int64, _ result: SnapResult) {
        let best = result.best
        self.init(
            outfallID: outfallID, status: result.status.rawValue, pinned: result.pinned, reachKey: best?.reach.key,
            reachCode: best?.reach.code, river: best?.river, part: best?.part, alongPart: best?.alongPart, measure: best?.measure,
            offset: best?.offset, bank: best?.bank?.rawValue, outletDistance: best?.outletDistance, snappedLon: best?.snapped?.lon,
            snappedLat: best?.snapped?.lat,
            // Alternatives matter only where the choice was not clear-cut.
            candidates: result.status == .ok ? "[]" : JSONWriter.compact(.array(result.candidates.map(\.json))))
    }

    /// Where on the network this snap puts the outfall, if it snapped.
    func location(in network: RiverNetwork) -> NetworkLocation? {
        guard status == SnapResult.Status.ok.rawValue || status == SnapResult.Status.ambiguous.rawValue,
            let reachKey, let reach = network.reachIndex(key: reachKey), let part, let alongPart
        else { return nil }
        return network.location(reach: reach, part: part, along: alongPart)
    }
}

extension SnapCandidate {
    /// The candidate as the JSON API shows it.
    public var json: JSONValue {
        .object(JSONObject([
            ("river", .string(river)),
            ("reach_id", .string(reach.displayID)),
            ("reach_key", .string(reach.key)),
            ("measure_m", .number(Self.rounded(measure))),
            ("offset_m", .number(Self.rounded(offset))),
            ("bank", bank.map { .string($0.rawValue) } ?? .null),
            ("snapped", snapped.map { .object(JSONObject([("lon", .number($0.lon)), ("lat", .number($0.lat))])) } ?? .null),
            ("outlet_distance_m", .number(Self.rounded(outletDistance))),
        ]))
    }

    /// Metres to the millimetre: finer is noise.
    static func rounded(_ metres: Double) -> Double { (metres * 1000).rounded() / 1000 }
}

extension Polyline.Side {
    /// 左岸 / 右岸, looking downstream.
    public var label: String { self == .left ? "左岸" : "右岸" }
}
