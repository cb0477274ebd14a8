import AuthBridge
import Testing

struct KeyLoadingTests {
    @Test func shortHMACSecretIsAConfigurationErrorNotACrash() async {
        for length in [0, 1, 16, 31] {
            await #expect(throws: JWTKeyError(.hmacKeyTooShort, "")) {
                try await JWTKeySet.load([.hmac(secret: Array(repeating: UInt8(7), count: length))])
            }
        }
        await #expect(throws: Never.self) { try await JWTKeySet.load([.hmac(secret: Array(repeating: UInt8(7), count: 32))]) }
    }

    @Test func hmacSecretMustBeAtLeastTheHashSize() async {
        for (algorithm, bytes) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
            await #expect(throws: JWTKeyError(.hmacKeyTooShort, ""), "\(algorithm)") {
                try await JWTKeySet.load([.hmac(secret: Array(repeating: UInt8(7), count: bytes - 1), algorithm: algorithm)])
            }
            await #expect(throws: Never.self) { try await JWTKeySet.load([.hmac(secret: Array(repeating: UInt8(7), count: bytes), algorithm: algorithm)]) }
        }
    }

    @Test func jwkWithoutAlgIsRefusedAtLoad() async {
        let jwks = #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#
        await #expect(throws: JWTKeyError(.jwkWithoutAlgorithm, "")) { try await JWTKeySet.load([], jwks: jwks) }
    }

    @Test func jwkWithoutKidIsRefusedAtLoad() async {
        let jwks = #"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#
        await #expect(throws: JWTKeyError(.jwkWithoutKeyID, "")) { try await JWTKeySet.load([], jwks: jwks) }
    }

    @Test func fixtureJWKSLoadsEveryKeyWithItsAlgorithm() async throws {
        let keys = try await JWTKeySet.load([], jwks: Fixtures.jwks)
        #expect(keys.summary.map(\.kid) == ["test-rsa", "test-p256", "test-p384", "test-ed25519"])
        #expect(keys.summary.map(\.algorithm) == ["RS256", "ES256", "ES384", "EdDSA"])
        #expect(!keys.canSign)
    }

    @Test func badKeysAreClearErrors() async {
        await #expect(throws: JWTKeyError(.unsupportedAlgorithm, "")) { try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret, algorithm: "none")]) }
        await #expect(throws: JWTKeyError(.unreadableKey, "")) { try await JWTKeySet.load([.pem("not a pem", algorithm: "RS256")]) }
        await #expect(throws: JWTKeyError(.unreadableKey, "")) { try await JWTKeySet.load([.pem(Fixtures.p256Public, algorithm: "RS256")]) }
        await #expect(throws: JWTKeyError(.noKeys, "")) { try await JWTKeySet.load([]) }
        await #expect(throws: JWTKeyError(.duplicateKeyID, "")) {
            try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret, kid: "a"), .pem(Fixtures.p256Public, algorithm: "ES256", kid: "a")])
        }
        await #expect(throws: JWTKeyError(.unreadableKey, "")) { try await JWTKeySet.load([], jwks: "{\"keys\": 1}") }
    }

    @Test func errorsNeverContainKeyMaterial() async {
        let secret = "short-secret-value"
        do {
            _ = try await JWTKeySet.load([.hmac(secret: Array(secret.utf8))])
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(secret))
            #expect("\(error)".contains("at least 32"))
        }
    }
}
