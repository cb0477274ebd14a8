import Foundation

extension StoreURL {
    /// A PostgreSQL server, parsed from `postgres://user:password@host:port/database?sslmode=…`.
    public struct PostgresEndpoint: Sendable, Hashable, CustomStringConvertible {
        /// Whether the connection uses TLS.
        public enum TLSMode: String, Sendable, Hashable, CaseIterable {
            /// Plain TCP.
            case disable
            /// TLS with certificate and host name verification; the connection fails without it.
            case require
        }

        /// The server's host name or address.
        public var host: String
        /// The server's port; 5432 unless the URL says otherwise.
        public var port: Int
        /// The role to connect as.
        public var user: String
        /// The role's password, if any. Never printed.
        public var password: String?
        /// The database; the user name when the URL has none.
        public var database: String
        /// TLS: `sslmode=disable` or `require`; when absent, `disable` for a loopback host, `require` otherwise.
        public var tls: TLSMode

        /// Creates an endpoint.
        public init(host: String, port: Int = 5432, user: String, password: String?, database: String, tls: TLSMode) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
        }

        /// Parses a `postgres://` or `postgresql://` URL. Errors name `setting` and never repeat the URL.
        public init(parsing text: String, setting: String = StoreURL.defaultSetting) throws(SessionStoreError) {
            func invalid(_ why: String) -> SessionStoreError {
                SessionStoreError(
                    .invalidConfiguration,
                    "\(setting) is not a usable PostgreSQL URL (postgres://user:password@host:port/database): \(why)"
                )
            }
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                scheme == "postgres" || scheme == "postgresql"
            else { throw invalid("it does not parse as a URL") }
            guard var host = components.host, !host.isEmpty else { throw invalid("the host is missing") }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
                throw invalid("the user is missing")
            }
            let port = components.port ?? 5432
            guard (1...65535).contains(port) else { throw invalid("the port is out of range") }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            guard !path.contains("/") else { throw invalid("the path must be just the database name") }
            let database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? user
            var tls: TLSMode = Self.isLoopback(host) ? .disable : .require
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                        throw invalid("sslmode must be disable or require")
                    }
                    tls = mode
                default:
                    throw invalid("unknown parameter '\(item.name)' (only sslmode is understood)")
                }
            }
            self.init(
                host: host, port: port, user: user, password: components.password?.removingPercentEncoding,
                database: database, tls: tls
            )
        }

        /// The URL with the password replaced by `***`.
        public var description: String {
            let hostPart = host.contains(":") ? "[\(host)]" : host
            let secret = password == nil ? "" : ":***"
            return "postgres://\(user)\(secret)@\(hostPart):\(port)/\(database)?sslmode=\(tls.rawValue)"
        }

        /// `localhost`, `::1`, or an IPv4 address in 127.0.0.0/8 written as four decimal numbers: a name that only
        /// starts with `127.` (`127.db.example`) is a remote host, and gets TLS.
        private static func isLoopback(_ host: String) -> Bool {
            if host.lowercased() == "localhost" || host == "::1" { return true }
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127"
                && octets.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) } && UInt8($0) != nil }
        }
    }
}
