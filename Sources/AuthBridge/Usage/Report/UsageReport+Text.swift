import Foundation

extension UsageReport {
    /// The totals and the JWT share, defined as a route's: requests with a JWT over requests with a credential.
    var headline: String {
        "\(totalRequests) requests, \(totalJWT) with a JWT (\(ReportText.percent(jwtShare)) of the \(totalCredentialed) with a credential)"
    }

    func renderTable() -> String {
        var lines: [String] = []
        lines.append("AuthBridge usage since \(ReportText.minute(since)) (generated \(ReportText.minute(generatedAt)))")
        lines.append("\(headline), instances: \(instances.joined(separator: ", "))")
        if dropped > 0 { lines.append("warning: \(dropped) requests were not recorded (the aggregator was full)") }
        lines.append("")
        let header = ["METHOD", "ROUTE", "REQUESTS", "SESSION", "JWT", "BOTH", "REFUSED", "JWT SHARE", "TREND", "LAST JWT", "READINESS"]
        let rows = routes.map { route in
            [
                route.method, route.route, "\(route.requests)", "\(route.session)", "\(route.jwt)", "\(route.both)", "\(route.refused)",
                ReportText.percent(route.jwtShare), ReportText.sparkline(route.trend), ReportText.minute(route.lastJWT), route.readiness.summary,
            ]
        }
        lines += Self.columns([header] + rows)
        lines.append("")
        lines.append("JWT clients and subjects, most active first:")
        if clients.isEmpty { lines.append("  none") }
        lines += Self.columns([["CLIENT", "SUBJECT", "REQUESTS", "LAST SEEN", "ROUTES"]] + clients.map {
            [$0.client.isEmpty ? "-" : $0.client, $0.subject.isEmpty ? "-" : $0.subject, "\($0.requests)", ReportText.minute($0.lastSeen), $0.routes.joined(separator: ", ")]
        }).map { "  " + $0 }
        if let flagLine {
            lines.append("")
            lines.append("Ready to go session-only; add:")
            lines.append("  \(flagLine)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Left-aligned text columns, two spaces apart.
    public static func columns(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var object = (try? JSONSerialization.jsonObject(with: encoder.encode(self))) as? [String: Any] ?? [:]
        object["flagLine"] = flagLine
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func renderCSV() -> String {
        var lines = ["method,route,requests,session,jwt,both,none,refused,would_refuse,jwt_share,last_jwt,readiness,verdict"]
        for route in routes {
            let fields: [String] = [
                route.method, route.route, "\(route.requests)", "\(route.session)", "\(route.jwt)", "\(route.both)", "\(route.none)",
                "\(route.refused)", "\(route.wouldRefuse)", String(format: "%.4f", route.jwtShare),
                route.lastJWT.map { ISO8601DateFormatter().string(from: $0) } ?? "", route.readiness.status, route.readiness.summary,
            ]
            lines.append(fields.map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func renderMarkdown() -> String {
        var lines = ["# AuthBridge usage", ""]
        lines.append("Since \(ReportText.minute(since)); \(headline). Instances: \(instances.joined(separator: ", ")).")
        if dropped > 0 { lines += ["", "**\(dropped) requests were not recorded** (the aggregator was full)."] }
        lines += ["", "## Routes", "", "| Method | Route | Requests | Session | JWT | Both | Refused | JWT share | Trend | Last JWT | Readiness |", "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
        for route in routes {
            let cells = [route.method, "`\(route.route)`", "\(route.requests)", "\(route.session)", "\(route.jwt)", "\(route.both)", "\(route.refused)", ReportText.percent(route.jwtShare), ReportText.sparkline(route.trend), ReportText.minute(route.lastJWT), route.readiness.summary]
            lines.append("| " + cells.map(ReportText.markdown).joined(separator: " | ") + " |")
        }
        lines += ["", "## JWT clients", "", "| Client | Subject | Requests | Last seen | Routes |", "|---|---|---:|---|---|"]
        for client in clients {
            let cells = [client.client, client.subject, "\(client.requests)", ReportText.minute(client.lastSeen), client.routes.joined(separator: ", ")]
            lines.append("| " + cells.map(ReportText.markdown).joined(separator: " | ") + " |")
        }
        if let flagLine { lines += ["", "## Ready to go session-only", "", "```sh", flagLine, "```"] }
        return lines.joined(separator: "\n") + "\n"
    }
}
