import Synchronization

/// A dictionary of at most `capacity` entries that makes room by generations: new entries go into the current
/// generation; when it holds half the capacity it becomes the previous generation, and the one before is dropped
/// whole. A key found in the previous generation moves back into the current one, so what is in use stays.
///
/// Why not evict one entry at a time: a Swift dictionary offers no cheap random entry, and removing its first
/// entry on every insertion empties the front of its open-addressed table and packs the rest into runs thousands
/// of buckets long, so that every lookup, a missing key's above all, walks one (measured here with random keys: a
/// missing key cost 2.5 µs at 10,000 entries and 14–20 µs at 100,000 after churn, against 40 ns; anyone sending
/// random session cookies causes such churn). Dropping a generation whole leaves no such runs; its cost, freeing
/// half the entries at once, comes once per half-capacity insertions, and its owner pays it outside its lock
/// (``takeRetired()``), as it does for what ``removeAll(where:)`` leaves behind. Once the dictionary has filled,
/// each new generation is sized for all its entries up front, so it does not grow (and rehash) entry by entry under
/// the lock either (the first generation still grows).
///
/// Not thread-safe: its owners keep it behind their lock.
struct BoundedDictionary<Key: Hashable, Value> {
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]
    /// Dropped generations and replaced tables, until the owner takes them to free them (``takeRetired()``).
    private var retired: [[Key: Value]] = []
    /// The most entries held, both generations together (a capacity below two keeps one generation only).
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many entries the current generation takes before it is retired.
    private var generation: Int { capacity >= 2 ? capacity / 2 : capacity }

    /// How many entries are held.
    var count: Int { current.count + previous.count }

    /// The value for `key`, moved into the current generation if it was in the previous one.
    mutating func value(forKey key: Key) -> Value? {
        if let value = current[key] { return value }
        guard let value = previous.removeValue(forKey: key) else { return nil }
        insert(value, forKey: key)
        return value
    }

    /// Stores `value` for `key`, retiring the current generation first if it is full.
    mutating func insert(_ value: Value, forKey key: Key) {
        guard capacity > 0 else { return }
        if current.count >= generation, current[key] == nil {
            // Moved, not freed: the dropped generation waits in `retired` for its owner.
            if capacity >= 2 {
                retire(previous)
                previous = current
            } else {
                retire(current)
            }
            // Sized at once: grown entry by entry, it rehashed everything at each doubling, under the owner's lock
            // (most of a 30 ms pause at 50,000 entries). Only a dictionary that filled once gets here.
            current = Dictionary(minimumCapacity: generation)
        }
        previous.removeValue(forKey: key)
        current[key] = value
    }

    private mutating func retire(_ table: [Key: Value]) {
        if !table.isEmpty { retired.append(table) }
    }

    /// Takes what was dropped since the last call (usually nothing): generations dropped to make room, and the
    /// tables ``removeAll(where:)`` replaced, so the owner can free them after releasing its lock
    /// (``Synchronization/Mutex/withLockFreeingRetired(_:)``). They wait until taken: an owner must take them.
    mutating func takeRetired() -> [[Key: Value]] {
        var taken: [[Key: Value]] = []
        swap(&taken, &retired)
        return taken
    }

    /// Changes the value for `key` in place, if there is one.
    mutating func modifyValue(forKey key: Key, _ change: (inout Value) -> Void) {
        if current[key] != nil {
            change(&current[key]!)
        } else if previous[key] != nil {
            change(&previous[key]!)
        }
    }

    /// Removes the value for `key` and returns it, if there was one.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        current.removeValue(forKey: key) ?? previous.removeValue(forKey: key)
    }

    /// Removes every entry whose value `shouldRemove` accepts; the replaced tables wait in `retired`, like a dropped
    /// generation.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        retire(current)
        retire(previous)
        current = current.filter { !shouldRemove($0.value) }
        previous = previous.filter { !shouldRemove($0.value) }
    }
}

/// A value behind a lock that holds ``BoundedDictionary``s, whose dropped generations are freed outside the lock.
protocol RetiringGenerations {
    associatedtype Retired
    /// Takes what was dropped since the last call (``BoundedDictionary/takeRetired()``).
    mutating func takeRetired() -> Retired
}

extension BoundedDictionary: RetiringGenerations {}

extension Mutex where Value: RetiringGenerations, Value.Retired: Sendable {
    /// `withLock`, but what `body` drops (a generation making room, the entries a removal takes out) is freed after
    /// the lock is released: freeing half of a full cache takes milliseconds, which every request waiting for the
    /// lock would wait too.
    borrowing func withLockFreeingRetired<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        let (result, retired) = withLock { value in (body(&value), value.takeRetired()) }
        withExtendedLifetime(retired) {}
        return result
    }
}
