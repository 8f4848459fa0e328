import GeoKit
import OutfallModel

/// The metric envelope of every zone, in the order of the zones layer (by id), and the
/// spatial index a ``SitingModel`` of all the zones builds over them. From it, a single check
/// learns which zones it will test — and in which order the model of every zone would test
/// them — without converting any zone's polygon, so that it converts and prepares only those
/// few (issue 12: a province has thousands of zones, a check needs a handful).
///
/// The registry stores it per version of the zones layer, as it stores the river network.
/// The envelopes are computed by the code ``SitingModel`` uses, so they are the same to the
/// bit, and the candidates are exactly the ones the model of every zone would test.
///
/// Bytes: little-endian; magic, format, metric EPSG, count, then per zone its id and
/// min x, min y, max x, max y. Reading checks the length, that ids increase and that every
/// envelope is finite: a damaged index is refused (and rebuilt by the caller), never half-read.
public struct ZoneEnvelopeIndex: Sendable {
    /// Changes whenever the layout or what is computed changes; another format is rebuilt.
    public static let format = 1
    private static let magic: [UInt8] = Array("OZEI".utf8)
    private static let headerSize = 4 + 8 * 3
    private static let entrySize = 8 * 5

    public let metricEPSG: Int
    /// Zone ids, ascending, and each zone's metric envelope.
    public let ids: [Int64]
    public let envelopes: [Envelope]
    private let index: EnvelopeIndex

    /// Converts every zone (as ``SitingModel`` does) to take its envelope. Throws as the model
    /// would for a zone that cannot be converted or has no finite envelope; a zone without an
    /// id (not from the store) is refused, since the index could not name it.
    public init(zones: [Zone], converter: GeodeticConverter) throws(SitingError) {
        var ids: [Int64] = []
        ids.reserveCapacity(zones.count)
        for zone in zones {
            guard let id = zone.id, id > (ids.last ?? .min) else {
                throw .zoneNotEvaluated(
                    zone: FindingFeature(
                        layer: .zones, id: zone.id, key: zone.key, name: zone.name, kind: zone.kind.rawValue, level: zone.level?.rawValue,
                        label: zone.kindAndLevelLabel),
                    operation: "index", reason: "区域没有编号或编号未按升序排列 (zone without an id, or ids not ascending)")
            }
            ids.append(id)
        }
        self.init(metricEPSG: converter.metricEPSG, ids: ids, envelopes: try SitingModel.metric(zones, converter: converter).envelopes)
    }

    private init(metricEPSG: Int, ids: [Int64], envelopes: [Envelope]) {
        self.metricEPSG = metricEPSG
        self.ids = ids
        self.envelopes = envelopes
        index = EnvelopeIndex(envelopes: envelopes)
    }

    /// The ids of the zones a check of `subject` under `rules` tests (those whose envelope
    /// meets ``SitingModel``'s search area), in the order the model of every zone tests them.
    /// A model built from just these zones, in this order, with `candidatesInZoneOrder`,
    /// gives the same verdict with the same findings in the same order.
    public func candidates(for subject: SitingSubject, rules: SitingRuleSet) -> [Int64] {
        var found: [Int] = []
        index.query(SitingModel.searchArea(for: subject, reach: SitingModel.reach(of: rules)), into: &found)
        return found.map { ids[$0] }
    }

    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize + ids.count * Self.entrySize)
        func put(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        put(UInt64(Self.format))
        put(UInt64(bitPattern: Int64(metricEPSG)))
        put(UInt64(ids.count))
        for (id, e) in zip(ids, envelopes) {
            put(UInt64(bitPattern: id))
            for v in [e.minX, e.minY, e.maxX, e.maxY] { put(v.bitPattern) }
        }
        return bytes
    }

    /// The index stored by ``encoded()``, or nil if the bytes are not a complete, sound index
    /// of this format.
    public init?(encoded bytes: [UInt8]) {
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.magic else { return nil }
        var offset = 4
        func get() -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * k) }
            offset += 8
            return v
        }
        guard get() == UInt64(Self.format) else { return nil }
        let epsg = Int64(bitPattern: get())
        let count = get()
        // The count is checked against the bytes before anything is allocated for it.
        guard count <= UInt64((bytes.count - Self.headerSize) / Self.entrySize),
            bytes.count == Self.headerSize + Int(count) * Self.entrySize
        else { return nil }
        var ids: [Int64] = []
        var envelopes: [Envelope] = []
        ids.reserveCapacity(Int(count))
        envelopes.reserveCapacity(Int(count))
        for _ in 0..<Int(count) {
            let id = Int64(bitPattern: get())
            let e = Envelope(
                minX: Double(bitPattern: get()), minY: Double(bitPattern: get()), maxX: Double(bitPattern: get()),
                maxY: Double(bitPattern: get()))
            guard id > (ids.last ?? .min), e.minX.isFinite, e.minY.isFinite, e.maxX.isFinite, e.maxY.isFinite,
                e.minX <= e.maxX, e.minY <= e.maxY
            else { return nil }
            ids.append(id)
            envelopes.append(e)
        }
        guard let metricEPSG = Int(exactly: epsg) else { return nil }
        self.init(metricEPSG: metricEPSG, ids: ids, envelopes: envelopes)
    }
}
