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
        let (year, month, day) = civil(Int((date.timeIntervalSince1970 / 86400).rounded(.down)))
        return "\(year)-\(pad(month))-\(pad(day))"
    }

    /// `2026-11-29 14:03Z`.
    static func minute(_ date: Date?) -> String {
        guard let date else { return "never" }
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let inDay = ((seconds % 86400) + 86400) % 86400
        return day(date) + " " + pad(inDay / 3600) + ":" + pad(inDay % 3600 / 60) + "Z"
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
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

