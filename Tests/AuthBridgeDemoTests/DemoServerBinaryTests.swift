import AuthBridge
import AuthBridgeSQLite
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// The built `demo-server` executable, run as a deployment would: environment in, log on standard error.
struct DemoServerBinaryTests {
    /// The products directory holding the test bundle holds the executable too.
    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("demo-server"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "demo-server"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("demo-server"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A started process whose standard error is collected as it comes.
    final class Running: Sendable {
        let process: Process
        private let log = Mutex("")

        init(_ environment: [String: String]) throws {
            let binary: URL = try #require(DemoServerBinaryTests.binary, "demo-server was not built next to the tests")
            process = Process()
            process.executableURL = binary
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.log.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var text: String { log.withLock { $0 } }

        /// Waits until `condition` holds for the log or the process ended, at most `seconds`.
        func wait(seconds: Double, until condition: (String) -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while !condition(text), process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        /// Waits for the server's "listening" line and returns its port (`nil` if it never came).
        func listeningPort(seconds: Double = 20) async throws -> Int? {
            let marker = "demo-server listening on http://127.0.0.1:"
            try await wait(seconds: seconds) { $0.contains(marker) }
            return text.components(separatedBy: marker).dropFirst().last.flatMap { Int($0.prefix { $0.isNumber }) }
        }

        func waitForExit(seconds: Double) async throws -> Int32? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                process.terminate()
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))  // the last bytes of the pipe
            return process.terminationStatus
        }
    }

    @Test func aShortSecretStopsStartUpWithTheConfigurationError() async throws {
        let harness = DemoHarness(["AUTHBRIDGE_JWT_SECRET": "short-demo-secret"])
        defer { harness.removeFiles() }
        let running = try Running(harness.environment)
        let status = try await running.waitForExit(seconds: 20)
        #expect(status == 1)
        #expect(running.text.contains("error: AUTHBRIDGE_JWT_SECRET=(secret, not shown) is not valid"))
        #expect(!running.text.contains("short-demo-secret"))
    }

    @Test func sigtermShutsDownGracefullyAndFlushesUsageToTheFile() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        let running = try Running(harness.environment)
        defer { if running.process.isRunning { running.process.terminate() } }
        let port = try #require(try await running.listeningPort())
        let signup = try await DemoClient(port: port).signup("ida@example.com")
        #expect(signup.status == 201)
        #expect(running.text.contains("the session cookie is sent without Secure"))
        kill(running.process.processIdentifier, SIGTERM)
        #expect(try await running.waitForExit(seconds: 20) == 0)
        let usage = try await SQLiteSessionStore(path: harness.databasePath).summary(since: .distantPast)
        #expect(usage.daily.map(\.count).reduce(0, +) == 1)
        #expect(usage.daily.first?.route == "/api/signup")
        #expect(!running.text.contains(try #require(signup.token)))
        #expect(!running.text.contains("correct horse battery"))
    }
}

extension DemoServerBinaryTests {
    /// After SIGKILL, usage is lost only for what came after the last flush (at most one flush interval):
    /// everything flushed before the kill is in the file, nothing is counted twice.
    @Test func sigkillLosesAtMostTheUsageSinceTheLastFlush() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        let running = try Running(harness.environment)
        defer { if running.process.isRunning { running.process.terminate() } }
        let port = try #require(try await running.listeningPort())
        let client = DemoClient(port: port)
        let cookie = try #require(try await client.signup("kim@example.com").sessionCookie)
        let before = 12
        for _ in 0..<before { #expect(try await client.dashboard(cookie: cookie).status == 200) }

        // Wait (bounded) until a flush has written everything so far, reading the file as the CLI would.
        func stored() async throws -> Int {
            guard FileManager.default.fileExists(atPath: harness.databasePath) else { return 0 }
            return try await SQLiteSessionStore(path: harness.databasePath).summary(since: .distantPast).daily.map(\.count).reduce(0, +)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while try await stored() < 1 + before, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(try await stored() == 1 + before)

        let after = 7
        for _ in 0..<after { #expect(try await client.dashboard(cookie: cookie).status == 200) }
        kill(running.process.processIdentifier, SIGKILL)
        _ = try await running.waitForExit(seconds: 20)
        let kept = try await stored()
        #expect(kept >= 1 + before && kept <= 1 + before + after, "kept \(kept)")
        #expect((1 + before + after) - kept <= after)  // lost: only requests after the last flush
    }
}
