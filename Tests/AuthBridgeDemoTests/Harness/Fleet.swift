import AuthBridgeTesting
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two or three `demo-server` processes sharing one PostgreSQL store and one users file, each on its own port.
/// PostgreSQL comes from `POSTGRES_*` or `AUTHBRIDGE_TEST_POSTGRES_URL`; without them the fleet tests are skipped,
/// except when `CI=true`, where they run and fail.
struct Fleet {
    static let environment = ProcessInfo.processInfo.environment

    static var url: String? { PostgresTestServer.url(in: environment) }

    static var enabled: Bool { PostgresTestServer.enabled(in: environment) }

    let url: String
    let directory: URL
    let instances: [DemoServerBinaryTests.Running]
    let ports: [Int]

    /// Starts `count` instances and waits until each listens. User ids start at a random offset, so the tests
    /// never touch the sessions other runs left in the shared database.
    init(count: Int, extra: [String: String] = [:]) async throws {
        url = try #require(
            Self.url, "CI=true but no PostgreSQL is configured (POSTGRES_* or AUTHBRIDGE_TEST_POSTGRES_URL)")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-fleet-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let usersFile = directory.appendingPathComponent("users.sqlite").path
        try Self.seedUsers(at: usersFile)
        var ports: [Int] = []
        var instances: [DemoServerBinaryTests.Running] = []
        for _ in 0..<count {
            let port = try Self.freePort()
            var environment = DemoHarness.baseEnvironment.merging(extra) { $1 }
            environment["AUTHBRIDGE_STORE_URL"] = url
            environment["AUTHBRIDGE_DEMO_USERS_FILE"] = usersFile
            environment["AUTHBRIDGE_DEMO_PORT"] = String(port)
            let running = try DemoServerBinaryTests.Running(environment)
            try await running.wait(seconds: 30) { $0.contains("demo-server listening on http://127.0.0.1:\(port)") }
            try #require(running.process.isRunning, "instance on port \(port) did not start: \(running.text)")
            ports.append(port)
            instances.append(running)
        }
        self.ports = ports
        self.instances = instances
    }

    var clients: [DemoClient] { ports.map { DemoClient(port: $0) } }
    var instanceNames: [String] { ports.map { "demo-server@127.0.0.1:\($0)" } }

    /// SIGTERM to every instance, by PID; each must exit 0 (usage flushed on the way out).
    func stop() async throws {
        for instance in instances where instance.process.isRunning {
            kill(instance.process.processIdentifier, SIGTERM)
        }
        for instance in instances {
            #expect(try await instance.waitForExit(seconds: 30) == 0, "\(instance.text)")
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs the built `authbridge` binary against the fleet's store; returns its standard output, or `nil` when
    /// it failed and `mayFail` is set.
    @discardableResult
    func authbridge(_ arguments: [String], mayFail: Bool = false) throws -> String? {
        let binary = try #require(
            DemoServerBinaryTests.binary?.deletingLastPathComponent().appendingPathComponent("authbridge"))
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["AUTHBRIDGE_STORE_URL": url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0, mayFail { return nil }
        try #require(process.terminationStatus == 0, "authbridge \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    private static func seedUsers(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE demo_users (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE,
                        password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)
                    """)
            try db.execute(
                sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('demo_users', ?)",
                arguments: [Int64.random(in: 1_000_000_000...9_000_000_000)])
        }
    }

    /// A port free at the moment of asking (bound to port 0, then released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
