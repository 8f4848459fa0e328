/// A binary min-heap of (priority, value) pairs, for shortest-path searches on the network.
struct PriorityQueue<Value> {
    private var heap: [(priority: Double, value: Value)] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ priority: Double, _ value: Value) {
        heap.append((priority, value))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].priority < heap[parent].priority else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (priority: Double, value: Value)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].priority < heap[smallest].priority { smallest = left }
            if right < heap.count, heap[right].priority < heap[smallest].priority { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
