import Foundation

/// Parsers for the plain value forms of the environment: flags, durations, lists.
enum SettingValue {
    /// on/off, true/false, yes/no, 1/0, in any case. (swift-configuration's own boolean parser does not know
    /// on/off and would silently fall back to the default.)
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "yes", "1": true
        case "off", "false", "no", "0": false
        default: nil
        }
    }

    /// Comma-separated items, trimmed, empty ones dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `scheme://host[:port]` in lower case, http or https, nothing else.
    static func origin(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return nil }
        let authority = lowered[lowered.range(of: "://")!.upperBound...]
        guard !authority.isEmpty,
            authority.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }),
            // A host is required (`http://:80` is none), and a port, if any, is a number.
            let components = URLComponents(string: lowered), let host = components.host, !host.isEmpty,
            !authority.hasSuffix(":")
        else { return nil }
        return lowered
    }
}
