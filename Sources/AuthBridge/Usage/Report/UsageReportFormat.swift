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

    static func sparkline(_ days: [UsageReport.Day]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(days.map { $0.requests == 0 ? " " : blocks[min(7, Int($0.jwtShare * 7.999))] })
    }

    static func csvField(_ text: String) -> String {
        // Quote always; neutralise spreadsheet formulas.
        var value = text.replacingOccurrences(of: "\"", with: "\"\"")
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        return "\"\(value)\""
    }

    static func html(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }

    static func markdown(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}

