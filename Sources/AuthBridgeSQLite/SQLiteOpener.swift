import AuthBridge
import Foundation
import GRDB

/// Opens the store's file: checks the path before SQLite touches it, so a wrong setting changes nothing.
struct SQLiteOpener {
    let path: String
    let setting: String
    let busyTimeout: Duration

    init(path: String, setting: String, busyTimeout: Duration) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
        self.setting = setting
        self.busyTimeout = busyTimeout
    }

    /// Read-only connections kept for lookups by key.
    static let readerCount = 4

    /// How long opening keeps retrying while SQLite answers busy or locked (another connection to the file is
    /// opening, checkpointing or closing at that moment).
    static let busyRetryLimit = Duration.seconds(2)

    func open() throws(SessionStoreError) -> (path: String, pool: DatabasePool, readers: SQLiteReaders) {
        let deadline = ContinuousClock.now + Self.busyRetryLimit
        try checkFileOrDirectory(deadline: deadline)
        let pool: DatabasePool
        do {
            pool = try Self.retryingBusy(until: deadline) { try DatabasePool(path: path, configuration: configuration) }
        } catch {
            throw refusal(error)
        }
        do {
            try Self.retryingBusy(until: deadline) { try SQLiteSchema.migrate(pool, path: path, setting: setting) }
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw refusal(error)
        }
        do {
            let readers = try Self.retryingBusy(until: deadline) {
                try SQLiteReaders(path: path, count: Self.readerCount, configuration: configuration)
            }
            return (path, pool, readers)
        } catch {
            throw refusal(error)
        }
    }

    /// Runs `body`, again after 5, 10, 20 … ms (at most 250 ms apart) while it fails with SQLITE_BUSY or
    /// SQLITE_LOCKED and the next try would start before `deadline`; any other error is thrown at once.
    static func retryingBusy<T>(until deadline: ContinuousClock.Instant, _ body: () throws -> T) throws -> T {
        var delay = Duration.milliseconds(5)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                && ContinuousClock.now + delay < deadline
            {
                let (seconds, attoseconds) = delay.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
                delay = min(delay * 2, .milliseconds(250))
            }
        }
    }

    private var configuration: Configuration {
        var configuration = Configuration()
        configuration.label = "AuthBridgeSQLite"
        let (seconds, attoseconds) = busyTimeout.components
        configuration.busyMode = .timeout(Double(seconds) + Double(attoseconds) / 1e18)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// An existing file must start with SQLite's header and carry no newer schema; a new file's directory is
    /// created and must be writable.
    private func checkFileOrDirectory(deadline: ContinuousClock.Instant) throws(SessionStoreError) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw invalid("\(path) is a directory, not a SQLite database file") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw invalid("\(path) cannot be read")
            }
            defer { try? handle.close() }
            let header = (try? handle.read(upToCount: 100)) ?? Data()
            guard !header.isEmpty else { return }  // an empty file is a new database to SQLite
            try SQLiteSchema.checkHeader([UInt8](header), path: path, setting: setting)
            do {
                try Self.retryingBusy(until: deadline) { try SQLiteSchema.checkExisting(path: path, setting: setting) }
            } catch let error as SessionStoreError {
                throw error
            } catch {
                throw refusal(error)
            }
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw invalid("the directory \(directory) cannot be created for \(path)")
        }
        guard fileManager.isWritableFile(atPath: directory) else {
            throw invalid("the directory \(directory) is not writable, so \(path) cannot be created")
        }
    }

    private func refusal(_ error: any Error) -> SessionStoreError {
        guard let error = error as? DatabaseError else { return invalid("\(path) cannot be opened: \(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return invalid("\(path) is not a SQLite database; it was left unchanged")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL:
            return invalid("\(path) cannot be created or written (SQLite error \(error.extendedResultCode.rawValue))")
        default:
            return invalid("\(path) cannot be opened (SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? ""))")
        }
    }

    private func invalid(_ detail: String) -> SessionStoreError {
        SessionStoreError(.invalidConfiguration, "\(setting): \(detail)")
    }
}
