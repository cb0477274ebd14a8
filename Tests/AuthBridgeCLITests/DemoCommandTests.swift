import ArgumentParser
import AuthBridgeCLI
import Foundation
import Testing

/// `authbridge demo`, run in process: the printed tables must show exactly the traffic the simulator sends.
struct DemoCommandTests {
    /// One phase's printed numbers.
    struct Table: Equatable, CustomStringConvertible {
        /// path → (requests, authenticated, refused); `total` too.
        var rows: [String: [Int]] = [:]
        var refusals: [String: Int] = [:]
        var relogins = -1
        var upgrades = -1
        var deprecated = -1
        var refused: [String] = []
        var checked = false

        var description: String {
            "rows \(rows.sorted { $0.key < $1.key }) refusals \(refusals) re-logins \(relogins) upgrades \(upgrades) "
                + "deprecated \(deprecated) refused \(refused) checked \(checked)"
        }
    }

    /// What the scenario sends, worked out by hand from the clients' behaviour (see `SimulatedClient`): 2 legacy
    /// apps, 2 cookie browsers, a browser with cookie and JWT, an old tab and a script; each sends GET, GET, POST
    /// to the dashboard per phase, and a refused client that can logs in again once and retries.
    static let expected: [Table] = [
        // 1 dual: 7 sign-ups; the old tab and the script still on JWT.
        table(
            [6, 6, 0], [12, 12, 0], [3, 3, 0], [7, 0, 0], total: [28, 21, 0], relogins: 0, upgrades: 0, deprecated: 0),
        // 2 upgrade: the tab's first request upgrades it to a session (then both); apps and script drop cookies,
        // but a token is upgraded at most once per 10 min, so their 9 requests create 3 sessions.
        table(
            [6, 6, 0], [10, 10, 0], [5, 5, 0], [0, 0, 0], total: [21, 21, 0], relogins: 0, upgrades: 4, deprecated: 0),
        // 3 deprecate: headers on every jwt and both response (9 + 6); after the restart the apps' and the script's
        // tokens are upgraded once each again.
        table(
            [6, 6, 0], [9, 9, 0], [6, 6, 0], [0, 0, 0], total: [21, 21, 0], relogins: 0, upgrades: 3, deprecated: 15),
        // 4 writes off: the apps' POST is refused, they log in again (no JWT issued) and are refused again;
        // the script's POST is refused; browsers with a JWT fall back to their cookie on POST.
        table(
            [8, 8, 0], [11, 6, 5], [4, 4, 0], [2, 0, 0], total: [25, 18, 5],
            refusals: ["jwt_disabled_for_method": 5], relogins: 2, upgrades: 3, deprecated: 10,
            refused: ["mobile-1", "mobile-2", "script-1"]),
        // 5 off: every JWT-only request refused; the browsers carry on with their sessions.
        table(
            [12, 12, 0], [11, 0, 11], [0, 0, 0], [2, 0, 0], total: [25, 12, 11], refusals: ["jwt_disabled": 11],
            relogins: 2, upgrades: 0, deprecated: 0, refused: ["mobile-1", "mobile-2", "script-1"]),
    ]

    static func table(
        _ session: [Int], _ jwt: [Int], _ both: [Int], _ none: [Int], total: [Int], refusals: [String: Int] = [:],
        relogins: Int, upgrades: Int, deprecated: Int, refused: [String] = []
    ) -> Table {
        Table(
            rows: ["session": session, "jwt": jwt, "both": both, "none": none, "total": total], refusals: refusals,
            relogins: relogins, upgrades: upgrades, deprecated: deprecated, refused: refused, checked: true)
    }

    /// The numbers of each `Phase N/5` block of the output.
    static func tables(in output: String) -> [Table] {
        output.components(separatedBy: "\nPhase ").dropFirst().map { block in
            var table = Table()
            for line in block.split(separator: "\n").map(String.init) {
                let words = line.split(separator: " ").map(String.init)
                guard let key = words.first else { continue }
                let rest = words.dropFirst()
                switch key {
                case "session", "jwt", "both", "none", "total": table.rows[key] = rest.prefix(3).compactMap { Int($0) }
                case "refusals":
                    guard rest.first != "none" else { break }
                    for pair in rest.joined(separator: " ").components(separatedBy: ", ") {
                        let parts = pair.split(separator: " ")
                        table.refusals[String(parts[0])] = Int(parts[1])
                    }
                case "re-logins": table.relogins = Int(rest.first ?? "") ?? -1
                case "upgrades": table.upgrades = Int(rest.first ?? "") ?? -1
                case "deprecated": table.deprecated = Int(rest.first ?? "") ?? -1
                case "refused":
                    table.refused = rest.first == "none" ? [] : Array(rest.prefix { !$0.hasPrefix("(") }.map { $0.trimmingCharacters(in: [","]) })
                case "check": table.checked = rest.first == "ok:"
                default: break
                }
            }
            return table
        }
    }

    @Test func thePrintedTablesMatchTheSimulatedTrafficExactly() async throws {
        let command = try #require(try AuthBridgeCommand.parseAsRoot(["demo"]) as? DemoCommand)
        var output = ""
        var errors = ""
        try await command.run(output: &output, errors: &errors)
        let tables = Self.tables(in: output)
        #expect(tables.count == 5)
        for (number, (printed, expected)) in zip(tables, Self.expected).enumerated() {
            #expect(printed == expected, "phase \(number + 1)")
        }
        #expect(output.contains("Deprecation: @1780272000; Sunset: Fri, 01 Jan 2027 00:00:00 GMT"))
        #expect(output.contains("120 requests over 5 phases and 5 server starts on one SQLite file"))
        #expect(output.contains("the SQLite file now holds 7 users and 21 live sessions (10 of them created by upgrade)"))
        #expect(output.contains("every phase: server and clients counted the same"))
        #expect(!output.contains("MISMATCH"))
        // The browsers' sessions outlive every restart: the live sessions counted at each start only grow.
        let carried = output.split(separator: "\n").filter { $0.contains("live sessions carried over") }
            .compactMap { line in line.split(separator: " ").compactMap { Int($0) }.last }
        #expect(carried == [0, 7, 11, 14, 19])
    }

    /// The usage the demo server recorded in its SQLite file, read back by `authbridge report`, equals what the
    /// simulated clients sent, summed over the five phases.
    @Test func theReportOfTheDemosFileMatchesTheTrafficExactly() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-demo-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let demo = try #require(try AuthBridgeCommand.parseAsRoot(["demo", "--database", path]) as? DemoCommand)
        var output = ""
        var errors = ""
        try await demo.run(output: &output, errors: &errors)

        let report = try #require(try AuthBridgeCommand.parseAsRoot(["report", "--store", "sqlite:" + path, "--since", "1d", "--format", "json"]) as? ReportCommand)
        var json = ""
        try await report.run(environment: [:], now: Date(), output: &json, errors: &errors)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let routes = try #require(object["routes"] as? [[String: Any]])
        func sum(_ field: String) -> Int { routes.reduce(0) { $0 + ($1[field] as? Int ?? 0) } }
        func expected(_ path: String, _ column: Int) -> Int { Self.expected.reduce(0) { $0 + ($1.rows[path]?[column] ?? 0) } }
        #expect(object["totalRequests"] as? Int == expected("total", 0))
        #expect(sum("session") == expected("session", 0))
        #expect(sum("jwt") == expected("jwt", 0))
        #expect(sum("both") == expected("both", 0))
        #expect(sum("none") == expected("none", 0))
        #expect(sum("refused") == expected("total", 2))
        #expect(object["dropped"] as? Int == 0)
        #expect((object["instances"] as? [String])?.count == 1)
        #expect((object["flagLine"] as? String) == nil)  // the dashboard still has JWT clients; login/signup have no credentials
    }

    @Test func aKeptDatabaseMustBeNew() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-demo-\(UUID()).sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: (any Error).self) { try AuthBridgeCommand.parseAsRoot(["demo", "--database", path]) }
    }
}
