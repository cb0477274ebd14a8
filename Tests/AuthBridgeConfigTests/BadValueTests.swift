import AuthBridge
import AuthBridgeConfig
import Foundation
import Testing

/// Every variable's bad values stop loading with one error naming the variable, the value (unless secret) and
/// the accepted values.
struct BadValueTests {
    static let secret = EnvironmentLoadingTests.secret
    static func key(_ name: String) -> String { EnvironmentLoadingTests.fixtures.appendingPathComponent(name).path }

    struct Case: Sendable, CustomTestStringConvertible {
        let variable: ConfigurationVariable
        let value: String
        let code: ConfigurationError.Code
        var others: [String: String] = [:]
        var testDescription: String { "\(variable.name)=\(value)" }
    }

    static let cases: [Case] = [
        Case(variable: .jwtMode, value: "disable", code: .invalidValue),
        Case(variable: .jwtOffRoutes, value: "POST /api/orders, api/admin", code: .invalidValue),
        Case(variable: .jwtOnRoutes, value: "/a/**/b", code: .invalidValue),
        Case(variable: .jwtOffMethods, value: "POST,G3T", code: .invalidValue),
        Case(variable: .jwtIssue, value: "maybe", code: .invalidValue),
        Case(variable: .jwtUpgrade, value: "enabled", code: .invalidValue),
        Case(variable: .jwtUpgradeInterval, value: "2d", code: .invalidValue),
        Case(variable: .jwtUpgradeInterval, value: "-5s", code: .invalidValue),
        Case(variable: .jwtDryRun, value: "2", code: .invalidValue),
        Case(variable: .jwtDeprecation, value: "2026-06-01", code: .invalidValue),
        Case(variable: .jwtDeprecation, value: "", code: .conflictingValues, others: ["AUTHBRIDGE_JWT": "deprecate"]),
        Case(variable: .jwtSunset, value: "tomorrow", code: .invalidValue),
        Case(
            variable: .jwtSunset, value: "2026-05-31T23:59:59Z", code: .conflictingValues,
            others: ["AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z"]),
        Case(variable: .jwtDeprecationLink, value: "example.com/migrate", code: .invalidValue),
        Case(
            variable: .jwtBrownouts, value: "2026-12-01T07:00:00Z/PT3H, 2026-12-08T07:00:00Z/P1M", code: .invalidValue),
        Case(variable: .jwtIssuedAfter, value: "1780272000", code: .invalidValue),
        Case(variable: .jwtSecret, value: "too-short-secret", code: .unusableKey),
        Case(
            variable: .jwtSecret, value: "forty-bytes-is-enough-for-hs256-not-512!", code: .unusableKey,
            others: ["AUTHBRIDGE_JWT_ALGORITHM": "HS512"]),
        Case(variable: .jwtAlgorithm, value: "HS257", code: .invalidValue),
        Case(
            variable: .jwtAlgorithm, value: "RS256", code: .conflictingValues, others: ["AUTHBRIDGE_JWT_SECRET": secret]
        ),
        Case(
            variable: .jwtPublicKeyFile, value: "/nonexistent/key.pem", code: .unreadableFile,
            others: ["AUTHBRIDGE_JWT_ALGORITHM": "RS256"]),
        Case(
            variable: .jwtPublicKeyFile, value: key("rsa-public.pem"), code: .conflictingValues,
            others: ["AUTHBRIDGE_JWT_SECRET": secret]),
        Case(
            variable: .jwtPrivateKeyFile, value: key("jwks.json"), code: .unusableKey,
            others: ["AUTHBRIDGE_JWT_ALGORITHM": "ES256"]),
        Case(variable: .jwtJWKSFile, value: key("rsa-public.pem"), code: .unusableKey),
        Case(
            variable: .jwtKeyID, value: "test-rsa", code: .unusableKey,
            others: ["AUTHBRIDGE_JWT_SECRET": secret, "AUTHBRIDGE_JWT_JWKS_FILE": key("jwks.json")]),
        Case(variable: .jwtLeeway, value: "2h", code: .invalidValue, others: ["AUTHBRIDGE_JWT_SECRET": secret]),
        Case(variable: .jwtLeeway, value: "1.5s", code: .invalidValue, others: ["AUTHBRIDGE_JWT_SECRET": secret]),
        Case(
            variable: .jwtRequireExpiration, value: "sometimes", code: .invalidValue,
            others: ["AUTHBRIDGE_JWT_SECRET": secret]),
        Case(variable: .jwtTTL, value: "0", code: .invalidValue, others: ["AUTHBRIDGE_JWT_SECRET": secret]),
        Case(variable: .jwtTTL, value: "-5m", code: .invalidValue),  // refused even without a key
        Case(variable: .cookieName, value: "__Host-sid", code: .invalidValue),
        Case(variable: .cookieName, value: "my session", code: .invalidValue),
        Case(variable: .cookieSecure, value: "maybe", code: .invalidValue),
        Case(variable: .cookieSameSite, value: "sometimes", code: .invalidValue),
        Case(
            variable: .cookieSameSite, value: "none", code: .conflictingValues,
            others: ["AUTHBRIDGE_COOKIE_SECURE": "off"]),
        Case(variable: .sessionIdleTimeout, value: "12 hours", code: .invalidValue),
        Case(variable: .sessionAbsoluteTimeout, value: "0", code: .invalidValue),
        Case(variable: .sessionTouchInterval, value: "13h", code: .conflictingValues),
        // The touch interval left at its default (60s): the error names the variable that was set.
        Case(variable: .sessionIdleTimeout, value: "30s", code: .conflictingValues),
        Case(variable: .sessionTouchInterval, value: "1w", code: .invalidValue),
        Case(variable: .csrfOrigin, value: "https://app.example.com/path", code: .invalidValue),
        Case(variable: .csrfOrigin, value: "app.example.com", code: .invalidValue),
        Case(variable: .csrfAllowedOrigins, value: "https://ok.example, null", code: .invalidValue),
        Case(variable: .csrfAllowedOrigins, value: "http://:80", code: .invalidValue),
        Case(variable: .csrfOrigin, value: "https://app.example:", code: .invalidValue),
    ]

    /// Free-form values that have no bad form of their own: `AUTHBRIDGE_JWT_ISSUER`, `AUTHBRIDGE_JWT_AUDIENCE`
    /// (any string) and `AUTHBRIDGE_STORE_URL` (interpreted by the store modules).
    static let freeForm: Set<String> = ["AUTHBRIDGE_JWT_ISSUER", "AUTHBRIDGE_JWT_AUDIENCE", "AUTHBRIDGE_STORE_URL"]

    @Test(arguments: cases)
    func badValueStopsLoading(_ item: Case) async throws {
        var environment = item.others
        environment[item.variable.name] = item.value
        let error = try await #require(throws: ConfigurationError.self) {
            try await AuthBridgeEnvironment.load(from: environment)
        }
        #expect(error.code == item.code)
        #expect(error.variable == item.variable.name)
        #expect(error.accepted == item.variable.accepted)
        #expect(error.description.hasPrefix("\(item.variable.name)="))
        #expect(error.description.contains("Accepted: \(item.variable.accepted)."))
        if item.variable.isSecret {
            #expect(error.value == nil)
            #expect(!error.description.contains(item.value))
        } else if !item.value.isEmpty {
            #expect(error.value == item.value.trimmingCharacters(in: .whitespaces))
            #expect(error.description.contains("\"\(item.value)\""))
        }
    }

    @Test func everyVariableHasABadValueCase() {
        // demo-server's own variables are read and checked by AuthBridgeDemo (DemoSettingsTests).
        let covered = Set(Self.cases.map(\.variable.name)).union(Self.freeForm)
            .union(ConfigurationVariable.demo.map(\.name))
        #expect(covered == Set(ConfigurationVariable.all.map(\.name)))
    }

    @Test func aSecretNeverAppearsInAnyError() async throws {
        let secret = "hunter2-but-far-too-short"
        let error = try await #require(throws: ConfigurationError.self) {
            try await AuthBridgeEnvironment.load(from: [
                "AUTHBRIDGE_JWT_SECRET": secret, "AUTHBRIDGE_JWT_ALGORITHM": "HS384",
            ])
        }
        #expect(!"\(error)".contains(secret) && !String(reflecting: error).contains(secret))
        #expect(
            error.description
                == "AUTHBRIDGE_JWT_SECRET=(secret, not shown) is not valid: the HS384 secret for HS384 has 25 bytes; at least 48 are required. Accepted: an HMAC secret of at least 32 bytes."
        )
    }
}
