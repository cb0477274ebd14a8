import ArgumentParser
import AuthBridge
import AuthBridgeCLI
import AuthBridgeConfig
import AuthBridgeTesting
import Foundation
import Testing

/// `authbridge flags`, called in process through the parsed command types.
struct FlagsCommandTests {
    static let secret = "cli-test-only-hs256-secret-0123456789"
    let noon = InternetDate.parse(rfc3339: "2026-11-30T12:00:00Z")!

    struct Run {
        var output = ""
        var errors = ""
        var exit: ExitCode?
    }

    func flags(_ arguments: [String], _ environment: [String: String], now: Date? = nil) async throws -> Run {
        let command = try #require(try AuthBridgeCommand.parseAsRoot(["flags"] + arguments) as? FlagsCommand)
        var run = Run()
        do {
            try await command.run(environment: environment, now: now ?? noon, output: &run.output, errors: &run.errors)
        } catch let code as ExitCode {
            run.exit = code
        }
        return run
    }

    static let migration = [
        "AUTHBRIDGE_JWT_SECRET": secret,
        "AUTHBRIDGE_JWT_OFF_ROUTES": "POST /api/orders, /api/admin/**, /users/:id/settings",
        "AUTHBRIDGE_JWT_ON_ROUTES": "GET /api/admin/health",
        "AUTHBRIDGE_JWT_OFF_METHODS": "DELETE,PATCH",
        "AUTHBRIDGE_JWT_BROWNOUTS": "2026-12-01T07:00:00Z/PT3H",
        "AUTHBRIDGE_JWT_SUNSET": "2027-01-01T00:00:00Z",
        "AUTHBRIDGE_JWT_TTL": "30d",
    ]

    @Test func printsOneLinePerSettingAndWhichRoutesAcceptJWTs() async throws {
        let run = try await flags([], Self.migration)
        #expect(run.exit == nil)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == ConfigurationVariable.all.count + 1)
        for (line, variable) in zip(lines, ConfigurationVariable.all) {
            #expect(line.hasPrefix(variable.name + " "))
        }
        #expect(
            lines.contains("AUTHBRIDGE_JWT_OFF_ROUTES            POST /api/orders, /api/admin/**, /users/:id/settings"))
        #expect(
            lines.contains("AUTHBRIDGE_JWT_BROWNOUTS             2026-12-01T07:00:00Z/2026-12-01T10:00:00Z (upcoming)"))
        #expect(lines.contains("AUTHBRIDGE_JWT_SECRET                set (secret, not shown)"))
        #expect(
            lines.last
                == "JWT accepted on: every route except routes POST /api/orders, /api/admin/**, /users/:id/settings and methods DELETE, PATCH; kept on: GET /api/admin/health; none during brownouts"
        )
        let during = try await flags(["--at", "2026-12-01T08:00:00Z"], Self.migration)
        #expect(during.output.hasSuffix("Brownout in progress: JWTs are refused until 2026-12-01T10:00:00Z\n"))
        // Overlapping windows: the end of the whole run.
        var overlapping = Self.migration
        overlapping["AUTHBRIDGE_JWT_BROWNOUTS"] = "2026-12-01T07:00:00Z/PT2H, 2026-12-01T08:00:00Z/PT3H"
        let overlap = try await flags(["--at", "2026-12-01T08:30:00Z"], overlapping)
        #expect(overlap.output.hasSuffix("Brownout in progress: JWTs are refused until 2026-12-01T11:00:00Z\n"))
        let off = try await flags([], ["AUTHBRIDGE_JWT": "off"])
        #expect(off.output.hasSuffix("JWT accepted on: no route (AUTHBRIDGE_JWT=off)\n"))
    }

    /// The explanation must say what the decision does: same verdict as `JWTPolicy.verdict`, same outcome as
    /// the `Authenticator` for a real token on the same request at the same instant.
    @Test(arguments: [
        [:], ["AUTHBRIDGE_JWT_DRY_RUN": "on"],
        [
            "AUTHBRIDGE_JWT": "deprecate", "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z",
            "AUTHBRIDGE_JWT_UPGRADE": "on",
        ],
        ["AUTHBRIDGE_JWT": "off"],
    ])
    func explanationMatchesTheDecision(_ extra: [String: String]) async throws {
        let environment = Self.migration.merging(extra) { $1 }
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        let inputs: [(String, String, String)] = [
            ("POST /api/orders", "POST", "/api/orders"), ("GET /api/orders", "GET", "/api/orders"),
            ("/api/orders", "GET", "/api/orders"), ("get /api/admin/users/7", "GET", "/api/admin/users/7"),
            ("GET /api/admin/health", "GET", "/api/admin/health"),
            ("DELETE /api/admin/health", "DELETE", "/api/admin/health"),
            ("DELETE /api/orders/1", "DELETE", "/api/orders/1"),
            ("PUT /users/:id/settings", "PUT", "/users/:id/settings"),
            ("PUT /users/42/settings", "PUT", "/users/42/settings"), ("PATCH /users/42", "PATCH", "/users/42"),
        ]
        for at in [noon, InternetDate.parse(rfc3339: "2026-12-01T08:00:00Z")!] {
            let store = MemorySessionStore()
            let auth = Authenticator(
                configuration: loaded.configuration, store: store, resolver: SessionUserResolver(), now: { at })
            let token = try #require(try await auth.issueToken(for: SessionUser(id: "erin")))
            for (text, method, route) in inputs {
                let run = try await flags(["--explain", text, "--at", InternetDate.rfc3339(at)], environment)
                let fields = Dictionary(
                    uniqueKeysWithValues: run.output.split(separator: "\n").map { line in
                        let name = line.prefix { $0 != " " }
                        return (String(name), line.dropFirst(name.count).trimmingCharacters(in: .whitespaces))
                    })
                #expect(fields["request"] == "\(method) \(route)")
                let verdict = loaded.configuration.policy.verdict(method: method, route: route, now: at)
                switch verdict {
                case .accept: #expect(fields["verdict"] == "accept", "\(text)")
                case .refuse(let reason): #expect(fields["verdict"] == "refuse \(reason.code)", "\(text)")
                }
                // A fresh authenticator per input: the explanation describes a token's first request (an
                // authenticator upgrades one token at most once per interval).
                let first = Authenticator(
                    configuration: loaded.configuration, store: store, resolver: SessionUserResolver(), now: { at })
                let decision = await first.authenticate(
                    AuthRequest(method: method, route: route, authorization: ["Bearer \(token)"]))
                let response = try #require(fields["response"])
                if decision.isAuthenticated {
                    #expect(response.hasPrefix("authenticated"), "\(text): \(response)")
                    let headers = decision.responseHeaders.filter { $0.name != "Vary" && $0.name != "Set-Cookie" }
                    for header in headers { #expect(response.contains("\(header.name): \(header.value)")) }
                    #expect(
                        response.contains("Set-Cookie") == decision.responseHeaders.contains { $0.name == "Set-Cookie" }
                    )
                    #expect(
                        response.contains("would_refuse=\(decision.wouldRefuse?.code ?? "-")")
                            == (decision.wouldRefuse != nil))
                } else {
                    let reason = try #require(decision.reason)
                    #expect(
                        response == "\(reason.httpStatus) \(reason.code); WWW-Authenticate: \(decision.challenge)",
                        "\(text)")
                }
            }
        }
    }

    @Test func explainNamesTheRuleAndTheCutOver() async throws {
        let environment = Self.migration.merging(["AUTHBRIDGE_JWT_ISSUED_AFTER": "2026-11-01T00:00:00Z"]) { $1 }
        let on = try await flags(["--explain", "GET /api/admin/health"], environment)
        #expect(on.output.contains("rule      AUTHBRIDGE_JWT_ON_ROUTES \"GET /api/admin/health\" keeps it on\n"))
        #expect(
            on.output.contains(
                "cut-over  tokens issued before 2026-11-01T00:00:00Z, or without iat, get jwt_revoked_by_cutover\n"))
        let off = try await flags(["--explain", "GET /api/admin/users"], environment)
        #expect(off.output.contains("rule      AUTHBRIDGE_JWT_OFF_ROUTES \"/api/admin/**\"\n"))
        let brownout = try await flags(["--explain", "GET /", "--at", "2026-12-01T07:00:00Z"], environment)
        #expect(
            brownout.output.contains("rule      AUTHBRIDGE_JWT_BROWNOUTS 2026-12-01T07:00:00Z/2026-12-01T10:00:00Z\n"))
        let noKey = try await flags(["--explain", "GET /"], [:])
        #expect(noKey.output.contains("response  401 jwt_disabled; "))
    }

    @Test func checkExitsNonZeroOnlyOnAnInvalidConfiguration() async throws {
        let valid = try await flags(["--check"], Self.migration)
        #expect(
            valid.exit == nil && valid.output == "ok: the AuthBridge configuration is valid\n" && valid.errors.isEmpty)
        let typo = try await flags(["--check"], Self.migration.merging(["AUTHBRIDGE_JWT_OFF_ROUTE": "/x"]) { $1 })
        #expect(typo.exit == nil && typo.errors.contains("did you mean AUTHBRIDGE_JWT_OFF_ROUTES?"))
        let invalid = try await flags(["--check"], Self.migration.merging(["AUTHBRIDGE_JWT_ISSUE": "maybe"]) { $1 })
        #expect(invalid.exit == .failure && invalid.output.isEmpty)
        #expect(
            invalid.errors
                == "error: AUTHBRIDGE_JWT_ISSUE=\"maybe\" is not valid. Accepted: on, off (also true/false, yes/no, 1/0).\n"
        )
        // A store URL the stores would refuse fails the check too, without repeating its password.
        let store = try await flags(["--check"], Self.migration.merging(["AUTHBRIDGE_STORE_URL": "mysql://u:hunter2@db/x"]) { $1 })
        #expect(store.exit == .failure && store.output.isEmpty)
        #expect(store.errors.hasPrefix("error: ") && store.errors.contains("AUTHBRIDGE_STORE_URL"))
        #expect(!store.errors.contains("hunter2"))
        let printing = try await flags(
            [], ["AUTHBRIDGE_JWT_SUNSET": "2026-01-01T00:00:00Z", "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z"])
        #expect(
            printing.exit == .failure
                && printing.errors.hasPrefix("error: AUTHBRIDGE_JWT_SUNSET=\"2026-01-01T00:00:00Z\""))
    }

    @Test func neverPrintsSecrets() async throws {
        let password = "pg-password-hunter2"
        let environment = Self.migration.merging([
            "AUTHBRIDGE_STORE_URL": "postgres://auth:\(password)@db/auth?password=\(password)"
        ]) { $1 }
        var text = ""
        for arguments in [
            [], ["--explain", "POST /api/orders"], ["--check"], ["--store-url", "postgres://u:\(password)@db/x"],
        ] {
            let run = try await flags(arguments, environment)
            text += run.output + run.errors
        }
        for bad in [
            ["AUTHBRIDGE_JWT_SECRET": "short-\(password)"], ["AUTHBRIDGE_JWT_ALGORITHM": "RS256"],
            ["AUTHBRIDGE_JWT_ISSUE": "x"],
        ] {
            let run = try await flags(["--check"], environment.merging(bad) { $1 })
            #expect(run.exit == .failure)
            text += run.output + run.errors
        }
        // A `password` parameter makes the URL one the store refuses: not shown at all.
        #expect(text.contains("AUTHBRIDGE_STORE_URL                 set, not shown (not a usable store URL"))
        #expect(text.contains("postgres://u:***@db:5432/x?sslmode=require"))
        #expect(!text.contains(Self.secret) && !text.contains(password))
        #expect(!text.contains(String(Self.secret.prefix(12))))
    }

    /// A password holding '/', '?' or '#' unencoded ends the URL's authority early, so the rest of it would read
    /// as host, port, database or query; '@' and percent-encodings must not confuse the redaction either.
    @Test(arguments: [
        ("postgres://app:Kq7/Zt4Lp@db/app", nil), ("postgres://app:Kq7?Zt4Lp@db/app", nil),
        ("postgres://app:Kq7#Zt4Lp@db/app", nil), ("postgres://app:Kq7/Zt4Lp@db", nil),
        ("postgres://app:Kq7@Zt4Lp@db/app", "postgres://app:***@db:5432/app?sslmode=require"),
        ("postgres://app:Kq7%2FZt4Lp@db/app", "postgres://app:***@db:5432/app?sslmode=require"),
        ("postgres://app:Kq7%40Zt4Lp%3F%23@db:6543/app?sslmode=disable", "postgres://app:***@db:6543/app?sslmode=disable"),
        ("postgres://me@corp:4321/Kq7Zt4Lp@db", nil),  // '/' after a port-like start: reads as port and database
        ("postgres://me@corp:4321?Kq7Zt4Lp@db/app", nil),
        ("postgresql://app:Kq7/Zt4Lp@[::1]:5432/app", nil),
        ("//app:Kq7Zt4Lp@db/app", nil),  // no scheme: a SQLite "path" that is a URL
        ("postgress://app:Kq7Zt4Lp@db/app", nil),
    ] as [(String, String?)])
    func storeURLPasswordsNeverShow(_ url: String, _ shown: String?) async throws {
        for run in [try await flags([], ["AUTHBRIDGE_STORE_URL": url]), try await flags(["--store-url", url], [:])] {
            let text = run.output + run.errors
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("AUTHBRIDGE_STORE_URL ") })
            let name = "AUTHBRIDGE_STORE_URL                 "
            if let shown { #expect(line == name + shown, "\(url)") } else { #expect(line.hasPrefix(name + "set, not shown ("), "\(url)") }
            for fragment in ["Kq7", "Zt4Lp", "4321"] { #expect(!text.contains(fragment), "\(url) shows \(fragment)") }
        }
    }

    @Test func storeURLOptionOverridesTheEnvironment() async throws {
        let run = try await flags(
            ["--store-url", "sqlite:/var/lib/auth.sqlite"], ["AUTHBRIDGE_STORE_URL": "sqlite:other.sqlite"])
        #expect(run.output.contains("AUTHBRIDGE_STORE_URL                 sqlite:/var/lib/auth.sqlite\n"))
    }

    @Test func refusesMalformedArguments() {
        for arguments in [["--explain", "orders"], ["--explain", "GET POST /x"], ["--at", "yesterday"], ["--bogus"]] {
            #expect(throws: (any Error).self, "\(arguments)") {
                try AuthBridgeCommand.parseAsRoot(["flags"] + arguments)
            }
        }
        #expect(AuthBridgeCommand.exitCode(for: ValidationError("x")) == .validationFailure)
    }
}
