import GRDB
import Synchronization

/// Read-only connections for lookups by key, taken in turn.
///
/// Measured here: checking a reader out of a `DatabasePool` costs about 5 µs, a `DatabaseQueue` access about
/// 0.5 µs, and the primary-key lookup itself about 6 µs; so the hot read skips the pool. Each lookup is one
/// statement, hence its own consistent snapshot; in WAL mode it never waits for a writer.
final class SQLiteReaders: Sendable {
    /// The most of the file each reader maps.
    static let mmapSize = 1 << 30

    private let queues: [DatabaseQueue]
    private let next = Atomic<UInt>(0)

    init(path: String, count: Int, configuration: Configuration) throws {
        var configuration = configuration
        configuration.readonly = true
        configuration.label = "AuthBridgeSQLite.reader"
        configuration.prepareDatabase { db in
            // Map the file rather than copy pages through read(2): with a million sessions most leaf pages miss
            // the page cache. Address space only; the kernel's page cache holds the data either way.
            try db.execute(sql: "PRAGMA mmap_size = \(SQLiteReaders.mmapSize)")
        }
        queues = try (0..<max(1, count)).map { _ in try DatabaseQueue(path: path, configuration: configuration) }
    }

    /// Runs `body` on the next connection, on the calling thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let turn = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return try queues[Int(turn % UInt(queues.count))].inDatabase(body)
    }
}
