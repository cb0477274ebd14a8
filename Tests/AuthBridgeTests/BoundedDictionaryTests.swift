@testable import AuthBridge
import Synchronization
import Testing

struct BoundedDictionaryTests {
    /// Never more than the capacity; once full, at least half of it; the newest entry always there.
    @Test(arguments: [0, 1, 2, 5, 10, 64])
    func holdsAtMostItsCapacity(_ capacity: Int) {
        var dictionary = BoundedDictionary<Int, Int>(capacity: capacity)
        for key in 0..<(capacity * 5 + 3) {
            dictionary.insert(key * 10, forKey: key)
            #expect(dictionary.count <= capacity)
            if capacity > 0 { #expect(dictionary.value(forKey: key) == key * 10) }
            if key >= capacity { #expect(dictionary.count >= capacity / 2) }
        }
        #expect(capacity > 0 || dictionary.value(forKey: 0) == nil, "a capacity of 0 keeps nothing")
    }

    /// A key read between insertions moves back to the current generation, so it outlives any number of others.
    @Test func aKeyInUseStays() {
        var dictionary = BoundedDictionary<String, Int>(capacity: 10)
        dictionary.insert(1, forKey: "hot")
        for key in 0..<1_000 {
            dictionary.insert(key, forKey: "cold\(key)")
            #expect(dictionary.value(forKey: "hot") == 1, "after \(key) others")
        }
        #expect(dictionary.value(forKey: "cold0") == nil, "an old key unused is gone")
        #expect(dictionary.count <= 10)
    }

    /// Removal, change in place and removal by value reach both generations; a new value replaces the old one.
    @Test func changesReachBothGenerations() {
        var dictionary = BoundedDictionary<Int, Int>(capacity: 4)
        for key in 0..<4 { dictionary.insert(key, forKey: key) }  // 0, 1 retired to the previous generation
        dictionary.modifyValue(forKey: 0) { $0 += 100 }
        dictionary.modifyValue(forKey: 3) { $0 += 100 }
        dictionary.modifyValue(forKey: 9) { $0 += 100 }
        #expect(dictionary.value(forKey: 9) == nil)
        #expect(dictionary.removeValue(forKey: 1) == 1 && dictionary.value(forKey: 1) == nil)
        dictionary.insert(7, forKey: 2)
        #expect(dictionary.value(forKey: 2) == 7)
        dictionary.removeAll { $0 >= 100 }
        #expect(dictionary.value(forKey: 0) == nil && dictionary.value(forKey: 3) == nil)
        #expect(dictionary.value(forKey: 2) == 7 && dictionary.count == 1)
    }

    /// Every dropped generation is handed to the owner whole, once, rather than freed where it is dropped, and so
    /// are the tables a removal replaces; each dropped entry is handed over exactly once.
    @Test(arguments: [1, 4])
    func droppedGenerationsAreHandedOver(_ capacity: Int) {
        var dictionary = BoundedDictionary<Int, Int>(capacity: capacity)
        let generation = max(1, capacity / 2)
        for key in 0..<generation { dictionary.insert(key, forKey: key) }
        #expect(dictionary.takeRetired().isEmpty, "nothing dropped while the first generation fills")
        let inserted = generation * 9
        for key in generation..<inserted { dictionary.insert(key, forKey: key) }
        let retired = dictionary.takeRetired()
        // Capacity 1 keeps one generation (the newest key); capacity 4 two (the newest four keys).
        let kept = capacity == 1 ? 1 : 2 * generation
        #expect(retired.count == (inserted - kept) / generation, "one table per dropped generation")
        #expect(retired.flatMap(\.keys).sorted() == Array(0..<(inserted - kept)), "each dropped key once")
        #expect(dictionary.takeRetired().isEmpty, "handed over once")
        #expect(dictionary.count == kept)
        dictionary.removeAll { $0 % 2 == 0 }
        #expect(dictionary.takeRetired().flatMap(\.keys).sorted() == Array((inserted - kept)..<inserted),
            "a removal hands over the tables it replaced, with every entry they held")
        let odd = Array((inserted - kept)..<inserted).filter { $0 % 2 == 1 }
        #expect(dictionary.count == odd.count && odd.allSatisfy { dictionary.value(forKey: $0) == $0 })
    }

    /// Behind a `Mutex`, entries of a dropped generation are freed once the lock is released, not while it is held
    /// (every request waiting for the lock would wait for the freeing too).
    @Test func droppedEntriesAreFreedOutsideTheLock() {
        final class Cache: Sendable {
            let entries = Mutex(BoundedDictionary<Int, Probe>(capacity: 2))
            let freedUnderLock = Mutex<[Bool]>([])
        }
        final class Probe: Sendable {
            unowned let cache: Cache
            init(_ cache: Cache) { self.cache = cache }
            deinit {
                let underLock = cache.entries.withLockIfAvailable { _ in } == nil
                cache.freedUnderLock.withLock { $0.append(underLock) }
            }
        }
        let cache = Cache()
        for key in 0..<3 {
            let probe = Probe(cache)
            cache.entries.withLockFreeingRetired { $0.insert(probe, forKey: key) }
        }
        #expect(cache.freedUnderLock.withLock { $0 } == [false], "the first entry was dropped, and freed after unlocking")
        // A removal's entries are freed after unlocking too (before `cache`, which their `deinit` reads, goes).
        cache.entries.withLockFreeingRetired { $0.removeAll { _ in true } }
        #expect(cache.freedUnderLock.withLock { $0 } == [false, false, false])
    }
}
