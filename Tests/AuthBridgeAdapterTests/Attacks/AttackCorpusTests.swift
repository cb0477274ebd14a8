import AuthBridge
import Foundation
import InMemoryLogging
import Logging
import Testing

/// The attack corpus over real HTTP, on every adapter, with the server logging at trace level into memory; then
/// no secret the test sent or the server set may appear in any captured log line.
@Suite struct AttackCorpusTests {
    /// The setup the corpus runs on: HS256 (no kid) plus RS256 (kid `rsa-1`), required `iss` and `aud`.
    static func setup(
        _ adapter: Adapter, _ store: StoreKind, logs: InMemoryLogHandler, frameworkLogs: InMemoryLogHandler
    ) async throws -> Setup {
        var setup = try await Setup(adapter, store)
        setup.keys = [
            .hmac(secret: Setup.secret),
            .pem(String(decoding: AttackCorpus.rsaPublicPEM, as: UTF8.self), algorithm: "RS256", kid: AttackCorpus.rsaKid),
        ]
        setup.issuer = TokenMinter.issuer
        setup.audience = TokenMinter.audience
        setup.logs = logs
        setup.frameworkLogs = frameworkLogs
        return setup
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func everyAttackIsRefusedAsDocumentedAndLeavesNoSecretInTheLogs(adapter: Adapter, store: StoreKind) async throws {
        let logs = InMemoryLogHandler(), frameworkLogs = InMemoryLogHandler()
        var secrets = SecretList()
        secrets.add(String(decoding: Setup.secret, as: UTF8.self))
        try await Self.setup(adapter, store, logs: logs, frameworkLogs: frameworkLogs).run { client in
            let minter = TokenMinter()
            let alice = try await client.login("alice"), bob = try await client.login("bob")
            let context = AttackContext(
                port: client.port, minter: minter, alice: try Self.value(alice), bob: try Self.value(bob))
            secrets.add(context.alice)
            secrets.add(context.bob)
            // The valid credentials the corpus varies are accepted as themselves.
            let good = try await client.request("/api/me", bearer: minter.valid("alice"))
            #expect(try good.decode(TestApp.Identity.self) == .init(user: "alice", path: "jwt"))
            let goodCookie = try await client.request("/api/me", cookie: context.cookie(context.bob))
            #expect(try goodCookie.decode(TestApp.Identity.self) == .init(user: "bob", path: "session"))

            for attack in AttackCorpus.all {
                let headers = attack.headers(context)
                secrets.add(sentIn: headers)
                let response = try await TestClient.send(port: client.port, attack.method, attack.path, headers: headers)
                Self.check(response, against: attack)
                for cookie in response.setCookies { secrets.add(Self.cookieValue(cookie)) }
            }
        }
        let leaks = secrets.leaks(in: logs.entries)
        #expect(leaks.isEmpty, "\(leaks.count) AuthBridge log lines carry a secret, first: \(leaks.first ?? "")")
        #expect(logs.entries.count > AttackCorpus.all.count, "AuthBridge logged \(logs.entries.count) lines")
        let frameworkLeaks = secrets.leaks(in: frameworkLogs.entries.filter { entry in
            adapter.traceLineEchoingRequestHeads.map { !"\(entry.message)".hasPrefix($0) } ?? true
        })
        #expect(frameworkLeaks.isEmpty, "\(frameworkLeaks.count) \(adapter) log lines carry a secret: \(frameworkLeaks)")
        #expect(!frameworkLogs.entries.isEmpty)
    }

    static func check(_ response: TestResponse, against attack: Attack, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status < 500, "\(attack.name): \(response.status) \(response.body)", sourceLocation: sourceLocation)
        #expect(attack.statuses.contains(response.status), "\(attack.name): \(response.status) \(response.body)",
            sourceLocation: sourceLocation)
        if response.status == 200 {
            let identity = try? response.decode(TestApp.Identity.self)
            #expect(attack.allowedUser != nil && identity?.user == attack.allowedUser,
                "\(attack.name): 200 as \(identity?.user ?? "nobody")", sourceLocation: sourceLocation)
        } else if let reason = attack.reason {
            #expect(response.error?.error == reason, "\(attack.name): \(response.body)", sourceLocation: sourceLocation)
        }
    }

    /// The value of a `Set-Cookie: name=value; …` header.
    static func cookieValue(_ setCookie: String) -> String {
        String(setCookie.prefix { $0 != ";" }.drop { $0 != "=" }.dropFirst())
    }

    static func value(_ login: TestResponse) throws -> String {
        cookieValue(try #require(login.setCookies.first { $0.hasPrefix(TestClient.cookieName + "=") }))
    }
}

/// The secrets a test sent or received, and where any of them shows up in captured log lines.
struct SecretList {
    /// Shorter strings are not secrets worth searching for (and would match by chance).
    static let minimumLength = 16
    private(set) var values = Set<String>()

    mutating func add(_ value: String) {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.count >= Self.minimumLength { values.insert(value) }
    }

    /// The tokens of `Authorization` headers and the values of `Cookie` headers.
    mutating func add(sentIn headers: [(String, String)]) {
        for (name, value) in headers {
            switch name.lowercased() {
            case "authorization":
                add(String(value.drop { $0 != " " }))
                for segment in value.split(separator: ".") { add(String(segment)) }
            case "cookie":
                for pair in value.split(separator: ";") { add(String(pair.drop { $0 != "=" }.dropFirst())) }
            default: break
            }
        }
    }

    /// Every captured line (message, metadata, error) that contains a secret, described without the secret.
    func leaks(in entries: [InMemoryLogHandler.Entry]) -> [String] {
        entries.compactMap { entry in
            let text = "\(entry.message) \(entry.metadata) \(entry.error.map { "\($0)" } ?? "")"
            let found = values.filter { text.contains($0) }
            guard !found.isEmpty else { return nil }
            return "[\(entry.level)] \(String(entry.message.description.prefix(60))) (\(found.count) secrets)"
        }
    }
}
