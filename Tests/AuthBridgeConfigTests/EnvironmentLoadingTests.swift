import AuthBridge
import AuthBridgeConfig
import Configuration
import Foundation
import Testing

/// `AuthBridgeEnvironment.load(from:)`: defaults, every variable's accepted forms, warnings.
struct EnvironmentLoadingTests {
    static let secret = "test-only-hmac-secret-long-enough-for-hs512-0123456789abcdefghijk"
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keys")

    @Test func emptyEnvironmentGivesTheDocumentedDefaults() async throws {
        let loaded = try await AuthBridgeEnvironment.load(from: [:])
        let policy = loaded.configuration.policy
        #expect(policy.mode == .accept && policy.issue && !policy.upgrade && !policy.dryRun)
        #expect(
            policy.offRoutes.isEmpty && policy.onRoutes.isEmpty && policy.offMethods.isEmpty && policy.brownouts.isEmpty
        )
        #expect(
            policy.issuedAfter == nil && policy.deprecation == nil && policy.sunset == nil
                && policy.deprecationLink == nil)
        #expect(loaded.configuration.jwt == nil)
        let sessions = loaded.configuration.sessions
        #expect(
            sessions.effectiveCookieName == "__Host-authbridge_session" && sessions.secure && sessions.sameSite == .lax)
        #expect(
            sessions.idleTimeout == 12 * 3600 && sessions.absoluteLifetime == 7 * 86400 && sessions.touchInterval == 60)
        #expect(loaded.configuration.csrf.ownOrigin == nil && loaded.configuration.csrf.allowedOrigins.isEmpty)
        #expect(loaded.storeURL == "sqlite:authbridge.sqlite")
        #expect(loaded.warnings.map(\.variable) == ["AUTHBRIDGE_JWT_SECRET"])  // no key: bearer tokens are refused
    }

    @Test func readsEveryMigrationFlag() async throws {
        let loaded = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_JWT": "Deprecate",
            "AUTHBRIDGE_JWT_OFF_ROUTES": " POST /api/orders , /api/admin/**,, /users/:id ",
            "AUTHBRIDGE_JWT_ON_ROUTES": "GET /api/admin/health",
            "AUTHBRIDGE_JWT_OFF_METHODS": "post, Put,PATCH",
            "AUTHBRIDGE_JWT_ISSUE": "off", "AUTHBRIDGE_JWT_UPGRADE": "YES", "AUTHBRIDGE_JWT_DRY_RUN": "1",
            "AUTHBRIDGE_JWT_UPGRADE_INTERVAL": "90s",
            "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z", "AUTHBRIDGE_JWT_SUNSET": "2027-01-01T01:00:00+01:00",
            "AUTHBRIDGE_JWT_DEPRECATION_LINK": "https://example.com/migrate",
            "AUTHBRIDGE_JWT_BROWNOUTS": "2026-12-01T07:00:00Z/PT3H, 2026-12-15T07:00:00Z/2026-12-15T19:00:00Z",
            "AUTHBRIDGE_JWT_ISSUED_AFTER": "2026-11-01T00:00:00Z",
        ])
        let policy = loaded.configuration.policy
        #expect(policy.mode == .deprecate)
        #expect(policy.offRoutes.map(\.description) == ["POST /api/orders", "/api/admin/**", "/users/:id"])
        #expect(policy.onRoutes.map(\.description) == ["GET /api/admin/health"])
        #expect(policy.offMethods == ["POST", "PUT", "PATCH"])
        #expect(policy.upgrade && policy.upgradeInterval == 90)
        #expect(!policy.issue && policy.upgrade && policy.dryRun)
        #expect(policy.deprecation == InternetDate.parse(rfc3339: "2026-06-01T00:00:00Z"))
        #expect(policy.sunset == InternetDate.parse(rfc3339: "2027-01-01T00:00:00Z"))
        #expect(policy.deprecationLink == "https://example.com/migrate")
        #expect(
            policy.brownouts.map(\.description) == [
                "2026-12-01T07:00:00Z/2026-12-01T10:00:00Z", "2026-12-15T07:00:00Z/2026-12-15T19:00:00Z",
            ])
        #expect(policy.issuedAfter == InternetDate.parse(rfc3339: "2026-11-01T00:00:00Z"))
    }

    /// swift-configuration's own boolean parser does not know `off` and silently returns the default; ours must not.
    @Test func offReallyMeansOff() async throws {
        let upstream = ConfigReader(
            provider: EnvironmentVariablesProvider(environmentVariables: ["AUTHBRIDGE_JWT_ISSUE": "off"]))
        #expect(upstream.bool(forKey: "authbridge.jwt.issue", default: true) == true)  // the pitfall this module avoids

        let forms: [(String, Bool)] = [
            ("off", false), ("OFF", false), ("Off", false), ("false", false), ("no", false), ("0", false),
            (" off ", false),
            ("on", true), ("ON", true), ("true", true), ("True", true), ("yes", true), ("1", true),
        ]
        for (text, value) in forms {
            let loaded = try await AuthBridgeEnvironment.load(from: [
                "AUTHBRIDGE_JWT_ISSUE": text, "AUTHBRIDGE_JWT_UPGRADE": text, "AUTHBRIDGE_JWT_DRY_RUN": text,
                "AUTHBRIDGE_JWT_REQUIRE_EXP": text, "AUTHBRIDGE_COOKIE_SECURE": text,
                "AUTHBRIDGE_JWT_SECRET": Self.secret,
            ])
            let configuration = loaded.configuration
            #expect(configuration.policy.issue == value, "\(text)")
            #expect(configuration.policy.upgrade == value, "\(text)")
            #expect(configuration.policy.dryRun == value, "\(text)")
            #expect(configuration.jwt?.requireExpiration == value, "\(text)")
            #expect(configuration.sessions.secure == value, "\(text)")
        }
    }

    @Test func readsDurationsInEveryForm() async throws {
        let forms: [(String, TimeInterval)] = [
            ("90s", 90), ("15m", 900), ("12h", 43200), ("7d", 604_800), ("3600", 3600), ("2H", 7200),
        ]
        for (text, seconds) in forms {
            let loaded = try await AuthBridgeEnvironment.load(from: [
                "AUTHBRIDGE_SESSION_ABSOLUTE_TIMEOUT": text, "AUTHBRIDGE_SESSION_IDLE_TIMEOUT": text,
                "AUTHBRIDGE_SESSION_TOUCH_INTERVAL": "10s",
                "AUTHBRIDGE_JWT_TTL": text, "AUTHBRIDGE_JWT_SECRET": Self.secret,
            ])
            #expect(loaded.configuration.sessions.absoluteLifetime == seconds)
            #expect(loaded.configuration.sessions.idleTimeout == seconds)
            #expect(loaded.configuration.jwt?.issuedTokenLifetime == seconds)
        }
        let leeway = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_JWT_LEEWAY": "0", "AUTHBRIDGE_JWT_SECRET": Self.secret,
        ])
        #expect(leeway.configuration.jwt?.leeway == 0)
    }

    @Test func readsCookieCSRFClaimsAndStoreSettings() async throws {
        let loaded = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_COOKIE_NAME": "sid", "AUTHBRIDGE_COOKIE_SAMESITE": "strict",
            "AUTHBRIDGE_CSRF_ORIGIN": "https://App.Example.com",
            "AUTHBRIDGE_CSRF_ALLOWED_ORIGINS": "https://admin.example.com, http://localhost:3000",
            "AUTHBRIDGE_JWT_SECRET": Self.secret, "AUTHBRIDGE_JWT_ALGORITHM": "hs512", "AUTHBRIDGE_JWT_KID": "k1",
            "AUTHBRIDGE_JWT_ISSUER": "https://id.example.com", "AUTHBRIDGE_JWT_AUDIENCE": "api",
            "AUTHBRIDGE_JWT_LEEWAY": "30s",
            "AUTHBRIDGE_STORE_URL": "postgres://authbridge:pw@db:5432/auth",
        ])
        let configuration = loaded.configuration
        #expect(configuration.sessions.setCookie(SessionToken.generate()).hasPrefix("__Host-sid="))
        #expect(configuration.sessions.sameSite == .strict)
        #expect(configuration.csrf.ownOrigin == "https://app.example.com")
        #expect(configuration.csrf.allowedOrigins == ["https://admin.example.com", "http://localhost:3000"])
        let jwt = try #require(configuration.jwt)
        #expect(
            jwt.keys.summary.map(\.algorithm) == ["HS512"] && jwt.keys.summary.map(\.kid) == ["k1"] && jwt.keys.canSign)
        #expect(jwt.issuer == "https://id.example.com" && jwt.audience == "api" && jwt.leeway == 30)
        #expect(loaded.storeURL == "postgres://authbridge:pw@db:5432/auth")
        #expect(loaded.redactedStoreURL == "postgres://authbridge:***@db:5432/auth?sslmode=require")
        for leaky in ["postgres://app:s3cr/et@db/app", "sqlite:app.db?password=hunter2", "app:hunter2@db.sqlite"] {
            #expect(LoadedConfiguration.redacted(storeURL: leaky).hasPrefix("set, not shown"), "\(leaky)")
        }
        #expect(LoadedConfiguration.redacted(storeURL: "sqlite:data/sessions.sqlite") == "sqlite:data/sessions.sqlite")
        #expect(loaded.warnings.isEmpty)
    }

    @Test func readsPEMAndJWKSKeyFiles() async throws {
        let rsa = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_JWT_PUBLIC_KEY_FILE": Self.fixtures.appendingPathComponent("rsa-public.pem").path,
            "AUTHBRIDGE_JWT_ALGORITHM": "RS256",
        ])
        #expect(rsa.configuration.jwt?.keys.canSign == false)
        #expect(rsa.warnings.map(\.variable) == ["AUTHBRIDGE_JWT_ISSUE"])  // issuance on, nothing can sign
        let ec = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_JWT_PRIVATE_KEY_FILE": Self.fixtures.appendingPathComponent("p256-private.pem").path,
            "AUTHBRIDGE_JWT_ALGORITHM": "ES256",
            "AUTHBRIDGE_JWT_KID": "ec-1",
            "AUTHBRIDGE_JWT_JWKS_FILE": Self.fixtures.appendingPathComponent("jwks.json").path,
        ])
        let keys = try #require(ec.configuration.jwt?.keys)
        #expect(keys.canSign && keys.summary.first?.kid == "ec-1" && keys.summary.count > 1)
    }

    @Test func unknownVariablesAreReportedAsLikelyTypos() async throws {
        let loaded = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_JWT_OFF_ROUTE": "/x", "AUTHBRIDGE_JWT_DRYRUN": "on", "AUTHBRIDGE_COOKIE_SAME_SITE": "lax",
            "authbridge_jwt": "off", "AUTHBRIDGE_SOMETHING_ELSE_ENTIRELY": "1", "PATH": "/usr/bin", "JWT_SECRET": "x",
        ])
        let messages = Dictionary(uniqueKeysWithValues: loaded.warnings.map { ($0.variable, $0.message) })
        #expect(
            messages["AUTHBRIDGE_JWT_OFF_ROUTE"] == "unknown variable, ignored; did you mean AUTHBRIDGE_JWT_OFF_ROUTES?"
        )
        #expect(messages["AUTHBRIDGE_JWT_DRYRUN"] == "unknown variable, ignored; did you mean AUTHBRIDGE_JWT_DRY_RUN?")
        #expect(
            messages["AUTHBRIDGE_COOKIE_SAME_SITE"]
                == "unknown variable, ignored; did you mean AUTHBRIDGE_COOKIE_SAMESITE?")
        #expect(messages["authbridge_jwt"] == "unknown variable, ignored; did you mean AUTHBRIDGE_JWT?")
        #expect(messages["AUTHBRIDGE_SOMETHING_ELSE_ENTIRELY"] == "unknown variable, ignored")
        #expect(messages["PATH"] == nil && messages["JWT_SECRET"] == nil)
        #expect(loaded.configuration.policy.mode == .accept)  // a typo never takes effect
    }

    @Test func warnsAboutInsecureCookiesAndSettingsWithoutEffect() async throws {
        let loaded = try await AuthBridgeEnvironment.load(from: [
            "AUTHBRIDGE_COOKIE_SECURE": "off", "AUTHBRIDGE_JWT": "off", "AUTHBRIDGE_JWT_OFF_ROUTES": "/x",
            "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z", "AUTHBRIDGE_JWT_DRY_RUN": "on",
        ])
        #expect(loaded.configuration.sessions.effectiveCookieName == "authbridge_session")
        #expect(!loaded.configuration.sessions.setCookie(SessionToken.generate()).contains("Secure"))
        #expect(
            Set(loaded.warnings.map(\.variable)) == [
                "AUTHBRIDGE_COOKIE_SECURE", "AUTHBRIDGE_JWT_OFF_ROUTES", "AUTHBRIDGE_JWT_DEPRECATION",
                "AUTHBRIDGE_JWT_DRY_RUN",
            ])
    }

    @Test func theReadmeTableListsEveryVariable() throws {
        let readme = try String(
            contentsOf: Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "README.md"), encoding: .utf8)
        for variable in ConfigurationVariable.all {
            #expect(readme.contains("| `\(variable.name)` |"), "\(variable.name) is missing from the README table")
        }
        #expect(Set(ConfigurationVariable.all.map(\.name)).count == ConfigurationVariable.all.count)
    }

    @Test func variableNamesAreTheEnvironmentFormOfTheirKeys() {
        for variable in ConfigurationVariable.all {
            var encoded = ""
            for character in "authbridge." + variable.key {
                if character.isUppercase { encoded += "_" }
                encoded += character == "." ? "_" : character.uppercased()
            }
            #expect(encoded == variable.name)
        }
    }
}
