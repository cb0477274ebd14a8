import AuthBridge
import Foundation

/// The text `authbridge demo` prints: the set-up, one table per phase, and a summary.
enum DemoReport {
    static let paths: [CredentialPath] = [.session, .jwt, .both, .none]

    static func header(database: String, temporary: Bool, clients: [SimulatedClient]) -> String {
        let width = clients.map(\.name.count).max() ?? 0
        var text = """
            AuthBridge demo: the demo server (Hummingbird; users and sessions in one SQLite file) runs in this
            process on 127.0.0.1. Simulated clients send traffic while the JWT path is switched off in five phases;
            between phases the server restarts on the same file with the new AUTHBRIDGE_* flags.

              database  \(database)\(temporary ? " (deleted at the end; --database PATH keeps one)" : "")

            """
        for (index, client) in clients.enumerated() {
            text += "  \(index == 0 ? "clients " : "        ")  \(client.name.padding(width)) \(client.summary)\n"
        }
        return text
    }

    static func phase(_ result: PhaseResult, previous: PhaseResult?) -> String {
        let counts = result.server
        var text = "\nPhase \(result.phase.number)/\(MigrationPhase.all.count)  \(result.phase.title)\n"
        text += wrapped("flags", result.phase.flags.map { "\($0.name)=\($0.value)" }, separator: " ")
        text += wrapped("changed", result.phase.changes(since: previous?.phase), separator: ", ")
        text += "  restarted   on the same SQLite file: \(result.carriedOver.users) users, "
        text += "\(result.carriedOver.sessions) live sessions carried over\n"
        text += "  path        requests  authenticated  refused  change\n"
        for path in paths {
            let change = delta(counts.requests[path, default: 0], previous?.server.requests[path, default: 0])
            text += row(path.rawValue, counts.requests[path], counts.authenticated[path], counts.refused[path], change)
        }
        let totalChange = delta(counts.total, previous?.server.total)
        let refusedTotal = counts.refused.values.reduce(0, +)
        let authenticatedTotal = counts.authenticated.values.reduce(0, +)
        text += row("total", counts.total, authenticatedTotal, refusedTotal, totalChange)
        let refusals = counts.refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        text += "  refusals    \(refusals.isEmpty ? "none" : refusals.joined(separator: ", "))\n"
        text += "  re-logins   \(counts.relogins) (clients that had to log in again)\n"
        text += "  upgrades    \(counts.upgrades) sessions created by upgrade\n"
        text += "  deprecated  \(counts.deprecated) responses with deprecation headers"
        text += result.deprecationHeaders.isEmpty ? "\n" : " (\(result.deprecationHeaders.joined(separator: "; ")))\n"
        let refused = result.refusedClients
        text += "  refused     \(refused.isEmpty ? "none" : refused.joined(separator: ", ")) (last request refused)\n"
        text +=
            result.agrees
            ? "  check       ok: the simulated clients counted exactly the same\n"
            : "  check       MISMATCH: the simulated clients counted \(describe(result.clients))\n"
        return text
    }

    static func summary(_ results: [PhaseResult], final census: Census, seconds: Double) -> String {
        let requests = results.map { $0.server.total }.reduce(0, +)
        let upgrades = results.map(\.server.upgrades).reduce(0, +)
        let stillRefused = results.last?.refusedClients ?? []
        let check = results.allSatisfy(\.agrees) ? "every phase: server and clients counted the same" : "MISMATCH"
        return """

            Summary
              \(requests) requests over \(results.count) phases and \(results.count) server starts on one SQLite file, \
            in \(String(format: "%.1f", seconds)) s
              the SQLite file now holds \(census.users) users and \(census.sessions) live sessions \
            (\(upgrades) of them created by upgrade)
              still sending only JWTs and refused at the end: \
            \(stillRefused.isEmpty ? "nobody" : stillRefused.joined(separator: ", "))
              \(check)

            """
    }

    /// `  label       item item` broken before 112 columns, continuation lines aligned.
    private static func wrapped(_ label: String, _ items: [String], separator: String) -> String {
        let indent = String(repeating: " ", count: 14)
        var lines = ["  " + label.padding(10) + "  "]
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? separator.trimmingCharacters(in: .whitespaces) : "")
            if lines[lines.count - 1].count > indent.count, lines[lines.count - 1].count + piece.count + 1 > 112 {
                lines.append(indent)
            }
            let last = lines[lines.count - 1]
            lines[lines.count - 1] = last + (last.count > indent.count ? " " : "") + piece
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ name: String, _ requests: Int?, _ authenticated: Int?, _ refused: Int?, _ change: String)
        -> String
    {
        "  \(name.padding(10))  \(pad(requests ?? 0, 8))  \(pad(authenticated ?? 0, 13))  \(pad(refused ?? 0, 7))  "
            + "\(change.leftPadded(6))\n"
    }

    private static func delta(_ now: Int, _ before: Int?) -> String {
        guard let before else { return "" }
        let change = now - before
        return change == 0 ? "=" : change > 0 ? "+\(change)" : "\(change)"
    }

    private static func pad(_ number: Int, _ width: Int) -> String { String(number).leftPadded(width) }

    private static func describe(_ counts: TrafficCounts) -> String {
        let paths = paths.map { "\($0.rawValue) \(counts.requests[$0, default: 0])" }.joined(separator: ", ")
        return "\(paths); refusals \(counts.refusals); re-logins \(counts.relogins); upgrades \(counts.upgrades); "
            + "deprecated \(counts.deprecated)"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
