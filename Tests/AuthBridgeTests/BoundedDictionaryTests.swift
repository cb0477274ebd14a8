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

    /// A dropped generation is handed to the owner whole, once, rather than freed where it is dropped; one the owner
    /// never takes is replaced by the next, so nothing accumulates.
    @Test(arguments: [1, 4])
    func aDroppedGenerationIsHandedOver(_ capacity: Int) {
        var dictionary = BoundedDictionary<Int, Int>(capacity: capacity)
        let generation = max(1, capacity / 2)
        for key in 0..<generation { dictionary.insert(key, forKey: key) }
        #expect(dictionary.takeRetired().isEmpty, "nothing dropped while the first generation fills")
        for key in generation..<(generation * 3) { dictionary.insert(key, forKey: key) }
        let retired = dictionary.takeRetired()
        // Capacity 1 keeps one generation: 0, 1 dropped and 2 held, the last dropped is 1. Capacity 4: 0, 1 dropped.
        #expect(retired == Dictionary(uniqueKeysWithValues: (0..<generation).map { key in
            let dropped = capacity == 1 ? generation * 2 - 1 - key : key
            return (dropped, dropped)
        }))
        #expect(dictionary.takeRetired().isEmpty, "handed over once")
        for key in (generation * 3)..<(generation * 9) { dictionary.insert(key, forKey: key) }
        #expect(dictionary.takeRetired().count == generation, "only the last dropped generation waits")
        #expect(dictionary.count <= capacity)
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
        // Frees the rest under the lock: their `deinit` finds it taken (`withLockIfAvailable` answers nil, on the
        // thread that holds it too) and records so; the test has read its record already.
        cache.entries.withLock { $0.removeAll { _ in true } }
    }
}
