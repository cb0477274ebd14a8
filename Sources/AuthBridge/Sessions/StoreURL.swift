import Foundation

/// Where sessions are kept, as one setting (`AUTHBRIDGE_STORE_URL`).
///
/// Accepted forms:
/// - a plain file path, or `sqlite:///absolute/path.sqlite`, `sqlite:relative/path.sqlite`: a SQLite file;
/// - `postgres://user:password@host:port/database?sslmode=disable|require` (`postgresql://` too).
///
/// ```swift
/// let url = try StoreURL(parsing: environment["AUTHBRIDGE_STORE_URL"] ?? StoreURL.defaultSQLitePath)
/// ```
public enum StoreURL: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file; relative paths are resolved against the working directory.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresEndpoint)

    /// The setting's conventional name, used in error messages.
    public static let defaultSetting = "AUTHBRIDGE_STORE_URL"
    /// The SQLite file used when nothing is configured, relative to the working directory.
    public static let defaultSQLitePath = "authbridge.sqlite"

    /// Parses a setting's value.
    /// - Parameters:
    ///   - text: a plain path or a `sqlite:` / `postgres:` URL.
    ///   - setting: the setting's name, quoted in errors. Errors never repeat a PostgreSQL URL (it may hold a
    ///     password).
    public init(parsing text: String, setting: String = StoreURL.defaultSetting) throws(SessionStoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw SessionStoreError(.invalidConfiguration, "\(setting) is empty: give a file path or a store URL")
        }
        guard let scheme = Self.scheme(of: trimmed) else {
            self = .sqlite(path: trimmed)
            return
        }
        switch scheme {
        case "sqlite":
            self = .sqlite(path: try Self.sqlitePath(trimmed, setting: setting))
        case "postgres", "postgresql":
            self = .postgres(try PostgresEndpoint(parsing: trimmed, setting: setting))
        default:
            throw SessionStoreError(
                .invalidConfiguration, "\(setting) has an unsupported scheme '\(scheme)': use a path, sqlite: or postgres:"
            )
        }
    }

    /// The URL with any password replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let endpoint): endpoint.description
        }
    }

    /// The lower-cased scheme when the text starts with `letter *(letter / digit / + / - / .) ":"`.
    private static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let candidate = text[..<colon]
        guard let first = candidate.unicodeScalars.first, first.isASCIILetter,
            candidate.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        return candidate.lowercased()
    }

    private static func sqlitePath(_ text: String, setting: String) throws(SessionStoreError) -> String {
        var rest = text.dropFirst("sqlite:".count)
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let host = rest[..<hostEnd]
            guard host.isEmpty || host == "localhost" else {
                throw SessionStoreError(
                    .invalidConfiguration,
                    "\(setting): a sqlite URL names a local file (sqlite:///absolute/path or sqlite:relative/path), not a host"
                )
            }
            rest = rest[hostEnd...]
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        guard let path = String(rest).removingPercentEncoding, !path.isEmpty else {
            throw SessionStoreError(.invalidConfiguration, "\(setting): the sqlite URL has no file path")
        }
        return path
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
