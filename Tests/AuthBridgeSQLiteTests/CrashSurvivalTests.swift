import AuthBridge
import AuthBridgeSQLite
import Foundation
import Testing

/// A session created by a process that is then SIGKILLed is still there for the next process.
struct CrashSurvivalTests {
    /// The `store-probe` executable SwiftPM builds next to the test binary.
    static func probe() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("store-probe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw SessionStoreError(.notFound, "store-probe is not built next to \(CommandLine.arguments[0]); run `swift build`")
    }

    @Test(.timeLimit(.minutes(1)))
    func sessionSurvivesSIGKILLRightAfterCreate() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state/sessions.sqlite")
        let token = SessionToken.generate()
        let process = Process()
        process.executableURL = try Self.probe()
        process.arguments = ["create", path, token.key.hex, "survivor"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        let ack = output.fileHandleForReading.availableData
        #expect(String(decoding: ack, as: UTF8.self) == "ack\n")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        let store = try SQLiteSessionStore(path: path)
        let record = try #require(try await store.read(token.key))
        #expect(record.userID == "survivor")
        #expect(record.data.user.roles == ["probe"])
        #expect(record.data.fields["pid"] == .number(Double(process.processIdentifier)))
    }
}
