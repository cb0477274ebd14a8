import AuthBridge
import Testing

struct StoreURLTests {
    @Test(arguments: [
        ("sessions.sqlite", "sessions.sqlite"),
        ("/var/lib/app/sessions.sqlite", "/var/lib/app/sessions.sqlite"),
        ("sqlite:///var/lib/app/sessions.sqlite", "/var/lib/app/sessions.sqlite"),
        ("sqlite://localhost/var/lib/app/s.sqlite", "/var/lib/app/s.sqlite"),
        ("sqlite:/abs/s.sqlite", "/abs/s.sqlite"),
        ("sqlite:data/sessions.sqlite", "data/sessions.sqlite"),
        ("SQLite:data/my%20sessions.sqlite", "data/my sessions.sqlite"),
        ("  ./data/a:b.sqlite \n", "./data/a:b.sqlite"),
    ])
    func sqliteForms(_ text: String, _ path: String) throws {
        #expect(try StoreURL(parsing: text) == .sqlite(path: path))
    }

    @Test func postgresURL() throws {
        let url = try StoreURL(parsing: "postgresql://app:p%40ss@db.example:6432/auth?sslmode=disable")
        guard case .postgres(let endpoint) = url else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(endpoint.host == "db.example")
        #expect(endpoint.port == 6432)
        #expect(endpoint.user == "app")
        #expect(endpoint.password == "p@ss")
        #expect(endpoint.database == "auth")
        #expect(endpoint.tls == .disable)
        #expect(url.description == "postgres://app:***@db.example:6432/auth?sslmode=disable")
    }

    @Test func postgresDefaults() throws {
        guard case .postgres(let local) = try StoreURL(parsing: "postgres://app@localhost") else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(local.port == 5432)
        #expect(local.database == "app")
        #expect(local.password == nil)
        #expect(local.tls == .disable)
        guard case .postgres(let remote) = try StoreURL(parsing: "postgres://app:x@[2001:db8::1]/auth") else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(remote.host == "2001:db8::1")
        #expect(remote.tls == .require)
    }

    /// TLS is off by default only for a loopback address; a name that starts like one is a remote host.
    @Test(arguments: [
        ("localhost", StoreURL.PostgresEndpoint.TLSMode.disable), ("LOCALHOST", .disable), ("127.0.0.1", .disable),
        ("127.1.2.3", .disable), ("[::1]", .disable), ("127.db.example", .require), ("127.0.0.1.nip.io", .require),
        ("127.0.0.256", .require), ("127.0.0", .require), ("127.0.0.1.", .require), ("db.example", .require),
    ])
    func tlsDefaultsOffOnlyOnLoopback(_ host: String, _ tls: StoreURL.PostgresEndpoint.TLSMode) throws {
        guard case .postgres(let endpoint) = try StoreURL(parsing: "postgres://app:x@\(host)/auth") else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(endpoint.tls == tls, "\(host)")
    }

    @Test(arguments: ["", "   ", "mysql://x/y", "sqlite://otherhost/x.sqlite", "sqlite:", "postgres://u:topsecret@h:0/db"])
    func refused(_ text: String) {
        do {
            _ = try StoreURL(parsing: text, setting: "MY_SETTING")
            Issue.record("parsed '\(text)'")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.detail.contains("MY_SETTING"))
            #expect(!error.detail.contains("topsecret"))
        }
    }
}
