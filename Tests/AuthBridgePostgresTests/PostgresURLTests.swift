import AuthBridge
import AuthBridgePostgres
import Testing

/// A URL that does not parse stops start-up with an error naming the setting and never showing the password.
struct PostgresURLTests {
    @Test(arguments: [
        "postgres://user:s3cr3t-pw@host:notaport/db",
        "postgres://user:s3cr3t-pw@:5432/db",
        "postgres://:s3cr3t-pw@host/db",
        "postgres://user:s3cr3t-pw@host:99999/db",
        "postgres://user:s3cr3t-pw@host/db/extra",
        "postgres://user:s3cr3t-pw@host/db?sslmode=sometimes",
        "postgres://user:s3cr3t-pw@host/db?pool=9",
        "postgres://user:s3cr3t-pw@ho st/db",
        "sqlite:///tmp/x.sqlite",
    ])
    func unusableURL(_ url: String) throws {
        do {
            _ = try PostgresSessionStore(url: url, setting: "AUTHBRIDGE_STORE_URL")
            Issue.record("a store was made from an unusable URL")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.description.contains("AUTHBRIDGE_STORE_URL"))
            #expect(!error.description.contains("s3cr3t"))
        }
    }

    @Test func schemaNameMustBeAPlainIdentifier() {
        #expect(throws: SessionStoreError(.invalidConfiguration, "")) {
            try PostgresSessionStore(url: "postgres://u@localhost/db", schema: "x\"; DROP TABLE y; --")
        }
    }

    @Test func descriptionHidesThePassword() throws {
        let store = try PostgresSessionStore(url: "postgres://app:hunter2@db.internal:6432/auth")
        #expect(store.endpointDescription == "postgres://app:***@db.internal:6432/auth?sslmode=require")
    }
}
