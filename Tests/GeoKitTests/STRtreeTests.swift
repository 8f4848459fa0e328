import Testing
@testable import GeoKit

struct STRtreeTests {
    let geos = GEOSContext()

    @Test func queryReturnsItemsWhoseEnvelopesIntersect() throws {
        // A 10×10 grid of unit cells; item i is the cell at column i % 10, row i / 10.
        let envelopes: [Envelope] = (0..<100).map { (i: Int) -> Envelope in
            let column = Double(i % 10)
            let row = Double(i / 10)
            return Envelope(minX: column, minY: row, maxX: column + 1, maxY: row + 1)
        }
        let tree = try STRtree(envelopes: envelopes, context: geos)
        #expect(try tree.query(Envelope(minX: 2.5, minY: 3.5, maxX: 2.6, maxY: 3.6)) == [32])
        // A box straddling four cells touches them all.
        #expect(try Set(tree.query(Envelope(minX: 4.5, minY: 4.5, maxX: 5.5, maxY: 5.5))) == [44, 45, 54, 55])
        #expect(try tree.query(Envelope(minX: 20, minY: 20, maxX: 21, maxY: 21)).isEmpty)
        // Repeated queries must not leak results between calls.
        #expect(try tree.query(Envelope(minX: 0.1, minY: 0.1, maxX: 0.2, maxY: 0.2)) == [0])
    }

    @Test func emptyTreeAnswersNothing() throws {
        let tree = try STRtree(envelopes: [], context: geos)
        #expect(try tree.query(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)).isEmpty)
    }

    @Test func contextsWorkInParallelTasks() async throws {
        // Four tasks, each with its own context, computing the same areas.
        let areas = try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let context = GEOSContext()
                    var total = 0.0
                    for size in 1...200 {
                        let g = try context.rectangle(Envelope(minX: 0, minY: 0, maxX: Double(size), maxY: 1))
                        total += g.area
                    }
                    return total
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(areas == Array(repeating: 20100, count: 4))  // 1 + 2 + … + 200
    }
}
