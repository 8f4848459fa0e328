import GeoKit
import RegistryStore
import Rivers

extension Registry {
    /// The river network near `metric` (a point in the metric CRS): every edge whose envelope
    /// comes within `radius` metres of it, read from the stored edge records — what one
    /// snap or check in a process needs, at a cost that depends on the rivers near the place,
    /// not on the size of the network. Any question whose answer lies within `radius` of
    /// the point (a snap within its search radius; a navigation of at most that distance
    /// from a point within it) gets the whole network's answer; see
    /// ``RiverNetwork/init(records:metricEPSG:)``.
    ///
    /// When no records of the current rivers version are stored, they are stored now (best
    /// effort, as the network index is) and the whole network is returned.
    public func riverNetwork(near metric: Coordinate, within radius: Double) throws(RegistryError) -> RiverNetwork {
        try wrapping {
            let version = try store.version(of: .rivers)
            let epsg = settings.metricEPSG
            let area = Envelope(minX: metric.x, minY: metric.y, maxX: metric.x, maxY: metric.y).expanded(by: radius)
            if radius.isFinite, radius >= 0,
                let records = try store.networkEdges(
                    riversVersion: version, metricEPSG: epsg, format: RiverNetwork.edgeRecordFormat, meeting: area,
                    decode: { NetworkEdgeRecord(encoded: $0) })
            {
                return RiverNetwork(records: records, metricEPSG: epsg)
            }
            let network = try riverNetwork()
            // A network of a newer version (an import meanwhile) is not stored as this
            // version's: the store keeps records only while the rivers are at `version`.
            try? store.saveNetworkEdges(
                network.edgeRecords.map { ($0.number, $0.envelope, $0.encoded()) }, riversVersion: version, metricEPSG: epsg,
                format: RiverNetwork.edgeRecordFormat)
            return network
        }
    }
}
