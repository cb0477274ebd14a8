import AuthBridge
import Configuration
import Foundation

/// Reads catalogue variables through a `ConfigReader` as strings and parses them here, so that every bad
/// value becomes one ``ConfigurationError`` naming the variable.
struct SettingReader {
    let reader: ConfigReader

    /// The trimmed value, or `nil` when unset or empty.
    func string(_ variable: ConfigurationVariable) -> String? {
        let value = reader.string(forKey: ConfigKey(variable.key), isSecret: variable.isSecret)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    /// The value converted by `parse`; a `nil` result or a thrown policy error becomes an invalid-value error.
    func value<T>(_ variable: ConfigurationVariable, _ parse: (String) throws(JWTPolicyError) -> T?)
        throws(ConfigurationError) -> T?
    {
        guard let text = string(variable) else { return nil }
        let parsed: T?
        do {
            parsed = try parse(text)
        } catch {
            throw ConfigurationError(.invalidValue, variable, value: text, detail: error.detail)
        }
        guard let parsed else { throw ConfigurationError(.invalidValue, variable, value: text) }
        return parsed
    }

    func flag(_ variable: ConfigurationVariable) throws(ConfigurationError) -> Bool? {
        try value(variable) { SettingValue.flag($0) }
    }

    func choice<T: RawRepresentable<String>>(_ variable: ConfigurationVariable, _ type: T.Type)
        throws(ConfigurationError) -> T?
    {
        try value(variable) { T(rawValue: $0.lowercased()) }
    }

    /// A duration within `range` (seconds).
    func duration(_ variable: ConfigurationVariable, in range: ClosedRange<TimeInterval>) throws(ConfigurationError)
        -> TimeInterval?
    {
        try value(variable) { text in
            ConfigurationDuration.parse(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    func timestamp(_ variable: ConfigurationVariable) throws(ConfigurationError) -> Date? {
        try value(variable) { InternetDate.parse(rfc3339: $0) }
    }

    /// Each comma-separated item converted by `parse`.
    func list<T>(_ variable: ConfigurationVariable, _ parse: (String) throws(JWTPolicyError) -> T?)
        throws(ConfigurationError) -> [T]
    {
        guard let text = string(variable) else { return [] }
        var items: [T] = []
        for item in SettingValue.list(text) {
            let parsed: T?
            do {
                parsed = try parse(item)
            } catch {
                throw ConfigurationError(.invalidValue, variable, value: text, detail: error.detail)
            }
            guard let parsed else {
                throw ConfigurationError(.invalidValue, variable, value: text, detail: "\"\(item)\" is not accepted")
            }
            items.append(parsed)
        }
        return items
    }
}
