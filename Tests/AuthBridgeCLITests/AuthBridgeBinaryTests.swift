import Foundation
import Testing

/// Runs the built `authbridge` executable as a deploy pipeline would, with only the given environment.
struct AuthBridgeBinaryTests {
    /// The products directory holding the test bundle holds the executable too.
    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("authbridge"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "authbridge"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("authbridge"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func run(_ arguments: [String], _ environment: [String: String]) throws -> (
        status: Int32, output: String, errors: String
    ) {
        let binary: URL = try #require(Self.binary, "the authbridge executable was not built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func checkGatesADeploy() throws {
        let good = [
            "AUTHBRIDGE_JWT_SECRET": "binary-test-only-secret-0123456789abcdef", "AUTHBRIDGE_JWT_OFF_METHODS": "POST",
        ]
        let valid = try run(["flags", "--check"], good)
        #expect(valid.status == 0)
        #expect(valid.output == "ok: the AuthBridge configuration is valid\n")
        let invalid = try run(["flags", "--check"], good.merging(["AUTHBRIDGE_JWT_BROWNOUTS": "next tuesday"]) { $1 })
        #expect(invalid.status == 1)
        #expect(invalid.errors.hasPrefix("error: AUTHBRIDGE_JWT_BROWNOUTS=\"next tuesday\" is not valid"))
        #expect(!invalid.errors.contains("binary-test-only-secret"))
    }

    @Test func explainReadsTheProcessEnvironment() throws {
        let result = try run(
            ["flags", "--explain", "POST /api/orders", "--at", "2026-11-30T12:00:00Z"],
            [
                "AUTHBRIDGE_JWT_SECRET": "binary-test-only-secret-0123456789abcdef",
                "AUTHBRIDGE_JWT_OFF_ROUTES": "POST /api/orders",
            ]
        )
        #expect(result.status == 0)
        #expect(
            result.output == """
                request   POST /api/orders
                at        2026-11-30T12:00:00Z
                verdict   refuse jwt_disabled_for_route
                rule      AUTHBRIDGE_JWT_OFF_ROUTES "POST /api/orders"
                response  401 jwt_disabled_for_route; WWW-Authenticate: Bearer error="invalid_token", error_description="bearer tokens are switched off for this route; sign in to get a session"

                """)
        let usage = try run(["flags", "--explain", "orders"], [:])
        #expect(usage.status == 64)
    }

    @Test func demoRunsWithNoSetUp() throws {
        let result = try run(["demo"], [:])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("every phase: server and clients counted the same"))
        let database = try #require(
            result.output.split(separator: "\n").first { $0.contains("database ") }?.split(separator: " ")
                .first { $0.hasSuffix(".sqlite") })
        #expect(!FileManager.default.fileExists(atPath: String(database)), "the temporary file is left behind")
    }
}
