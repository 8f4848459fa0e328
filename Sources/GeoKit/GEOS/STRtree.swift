import CGEOS

/// GEOS's STRtree over the envelopes of items numbered 0..<n, queried by envelope.
///
/// GEOS 3.11 builds the tree on the first query and then ignores later inserts, so the
/// whole set is given at construction; rebuild to change it. Queries return candidate item
/// numbers whose envelopes intersect — follow with an exact (prepared) predicate.
public final class STRtree {
    public let context: GEOSContext
    private let handle: OpaquePointer
    /// The envelope geometries inserted; kept alive for as long as the tree.
    private let keys: [GEOSGeometry]
    private let hits = HitBox()
    public var count: Int { keys.count }

    private final class HitBox {
        var items: [Int] = []
    }

    public init(envelopes: [Envelope], context: GEOSContext, nodeCapacity: Int = 10) throws(GEOSError) {
        guard let tree = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else { throw context.error("create STRtree") }
        self.context = context
        self.handle = tree
        var keys: [GEOSGeometry] = []
        keys.reserveCapacity(envelopes.count)
        do {
            for envelope in envelopes { keys.append(try context.rectangle(envelope)) }
        } catch {
            GEOSSTRtree_destroy_r(context.handle, tree)
            throw error
        }
        self.keys = keys
        for (i, key) in keys.enumerated() {
            // Items are numbers stored in the pointer itself (offset by one: NULL is not an item).
            GEOSSTRtree_insert_r(context.handle, tree, key.handle, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, handle)
    }

    /// Numbers of the items whose envelopes intersect `envelope`, in no particular order.
    public func query(_ envelope: Envelope) throws(GEOSError) -> [Int] {
        guard !keys.isEmpty else { return [] }
        let probe = try context.rectangle(envelope)
        hits.items.removeAll(keepingCapacity: true)
        GEOSSTRtree_query_r(
            context.handle, handle, probe.handle,
            { item, userdata in
                guard let userdata else { return }
                let box = Unmanaged<HitBox>.fromOpaque(userdata).takeUnretainedValue()
                box.items.append(Int(bitPattern: item) - 1)
            },
            Unmanaged.passUnretained(hits).toOpaque())
        return hits.items
    }
}
