import Foundation

/// The formats `authbridge report` writes.
public enum UsageReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown, html
}

extension UsageReport {
    /// Renders the report in a format.
    public func rendered(as format: UsageReportFormat) -> String {
        switch format {
        case .table: renderTable()
        case .json: renderJSON()
        case .csv: renderCSV()
        case .markdown: renderMarkdown()
        case .html: renderHTML()
        }
    }
}

/// Small formatting helpers shared by the renderers.
enum ReportText {
    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `2026-11-29`, UTC, without Foundation's formatters.
    static func day(_ date: Date) -> String {
        String(InternetDate.rfc3339(date).prefix(10))
    }

    /// `2026-11-29 14:03Z`.
    static func minute(_ date: Date?) -> String {
        guard let date else { return "never" }
        let text = InternetDate.rfc3339(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + "Z"
    }

    /// One block per day, as high as the day's JWT share; blank on a day without credentials.
    static func sparkline(_ days: [UsageReport.Day]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(days.map { $0.credentialed == 0 ? " " : blocks[min(7, Int($0.jwtShare * 7.999))] })
    }

    /// A quiet spell in words, never more than `seconds`: `2 days`, `5 hours`, `30 minutes`, `under a minute`.
    static func span(_ seconds: TimeInterval) -> String {
        func count(_ unit: TimeInterval, _ name: String) -> String {
            let whole = Int((seconds / unit).rounded(.down))
            return "\(whole) \(name)\(whole == 1 ? "" : "s")"
        }
        if seconds >= 86400 { return count(86400, "day") }
        if seconds >= 3600 { return count(3600, "hour") }
        if seconds >= 60 { return count(60, "minute") }
        return "under a minute"
    }

    // The escapers work on Unicode scalars: a quote, '<' or '|' followed by a combining mark is one Swift
    // character, which a character-wise comparison would let through unescaped.

    static func csvField(_ text: String) -> String {
        // Quote always, doubling quotes; neutralise spreadsheet formulas (OWASP's leading characters).
        let formula = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        return "\"" + (formula ? "'" : "") + escaped(text) { $0 == "\"" ? "\"\"" : nil } + "\""
    }

    static func html(_ text: String) -> String {
        escaped(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    static func markdown(_ text: String) -> String {
        escaped(text) { $0 == "|" ? "\\|" : nil }
    }

    /// `text` with each scalar `replacement` names replaced.
    private static func escaped(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) { out.append(contentsOf: replaced.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}

