internal import Dispatch
internal import Synchronization

/// Data-parallel loops over both cores, without shared mutable state outside a `Mutex`.
package enum Parallel {
    /// `body(i)` for every `i` in `0..<count`, results in index order.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        forEach(count) { i in
            let value = body(i)
            results.withLock { $0[i] = value }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Runs `body(i)` for every `i`, in chunks spread over the cores.
    package static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let chunk = max(1, min(64, count / 64))
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in c * chunk..<min(count, (c + 1) * chunk) { body(i) }
        }
    }
}
