import AuthBridge
import Foundation
import Testing

/// The public vectors of RFC 7515 appendix A and RFC 8037 A.4.
struct JWTVectorTests {
    struct Vector { let name, alg, token: String; let jwk: [String: String] }

    static let vectors: [Vector] = {
        let data = Fixtures.text("tokens/rfc-vectors.json").data(using: .utf8)!
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (json["vectors"] as! [[String: Any]]).map {
            Vector(name: $0["name"] as! String, alg: $0["alg"] as! String, token: $0["token"] as! String, jwk: $0["jwk"] as! [String: String])
        }
    }()

    /// 2011-03-22T18:43:00Z: the vectors' `exp` (1300819380) is a moment later.
    static let vectorTime = Date(timeIntervalSince1970: 1_300_819_300)

    func verifier(for vector: Vector) async throws -> JWTVerifier {
        let keys: JWTKeySet
        if vector.alg == "HS256" {
            keys = try await JWTKeySet.load([.hmac(secret: Base64URL.decode(vector.jwk["k"]!)!, algorithm: "HS256")])
        } else {
            let jwks = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": [vector.jwk]]), as: UTF8.self)
            keys = try await JWTKeySet.load([], jwks: jwks)
        }
        return JWTVerifier(settings: JWTSettings(keys: keys))
    }

    @Test(arguments: ["RFC 7515 A.1", "RFC 7515 A.2", "RFC 7515 A.3"])
    func rfc7515VectorsVerifyWithAFixedClock(_ name: String) async throws {
        let vector = try #require(Self.vectors.first { $0.name == name })
        let verifier = try await verifier(for: vector)
        let claims = try verifier.verify(vector.token, now: Self.vectorTime).get()
        #expect(claims.issuer == "joe")
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_300_819_380))
        #expect(claims.all["http://example.com/is_root"] == .bool(true))
        // The same token an hour later is expired (leeway 60 s).
        #expect(refusalCode(verifier.verify(vector.token, now: Self.vectorTime + 3600)) == "token_expired")
    }

    @Test func rfc8037EdDSAVectorVerifies() async throws {
        let vector = try #require(Self.vectors.first { $0.name == "RFC 8037 A.4" })
        let verifier = try await verifier(for: vector)
        let content = try verifier.verifySignature(vector.token).get()
        #expect(String(decoding: content.payload, as: UTF8.self) == "Example of Ed25519 signing")
        #expect(content.header["alg"] == .string("EdDSA"))
        // The payload is not a JSON object, so it is no JWT.
        #expect(refusalCode(verifier.verify(vector.token, now: Self.vectorTime)) == "malformed_token")
    }

    @Test(arguments: ["RFC 7515 A.1", "RFC 7515 A.2", "RFC 7515 A.3", "RFC 8037 A.4"])
    func flippingOneSignatureBitFails(_ name: String) async throws {
        let vector = try #require(Self.vectors.first { $0.name == name })
        let verifier = try await verifier(for: vector)
        var parts = vector.token.split(separator: ".").map(String.init)
        var signature = Base64URL.decode(parts[2])!
        signature[signature.count / 2] ^= 0x01
        parts[2] = Base64URL.encode(signature)
        #expect(refusalCode(verifier.verifySignature(parts.joined(separator: "."))) == "bad_signature")
    }
}

struct JWTAlgorithmTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    nonisolated(unsafe) static let claims: [String: Any] = ["sub": "u1", "iat": 1_800_000_000 - 10, "exp": 1_800_000_000 + 600]

    func accepts(_ source: JWTKeySet.Source, _ factory: TokenFactory, alg: String) async throws {
        let verifier = JWTVerifier(settings: JWTSettings(keys: try await JWTKeySet.load([source])))
        let token = try factory.token(alg: alg, claims: Self.claims)
        let claims = try verifier.verify(token, now: Self.now).get()
        #expect(claims.subject == "u1")
    }

    @Test(arguments: [256, 384, 512])
    func hmac(_ bits: Int) async throws {
        try await accepts(.hmac(secret: Fixtures.hmacSecret, algorithm: "HS\(bits)"), await .hmac(bits: bits), alg: "HS\(bits)")
    }

    @Test(arguments: ["RS256", "RS384", "RS512", "PS256"])
    func rsa(_ alg: String) async throws {
        try await accepts(.pem(Fixtures.rsaPublic, algorithm: alg), try await .rsa(alg), alg: alg)
    }

    @Test func ecdsaAndEdDSA() async throws {
        try await accepts(.pem(Fixtures.p256Public, algorithm: "ES256"), try await .es256(), alg: "ES256")
        try await accepts(.pem(Fixtures.p384Public, algorithm: "ES384"), try await .es384(), alg: "ES384")
        try await accepts(.pem(Fixtures.ed25519Public, algorithm: "EdDSA"), try await .eddsa(), alg: "EdDSA")
    }

    @Test func jwksFixtureVerifiesByKid() async throws {
        let verifier = JWTVerifier(settings: JWTSettings(keys: try await JWTKeySet.load([], jwks: Fixtures.jwks)))
        let cases: [(String, String, TokenFactory)] = [
            ("test-rsa", "RS256", try await .rsa()), ("test-p256", "ES256", try await .es256()),
            ("test-p384", "ES384", try await .es384()), ("test-ed25519", "EdDSA", try await .eddsa()),
        ]
        for (kid, alg, factory) in cases {
            let token = try factory.token(alg: alg, kid: kid, claims: Self.claims)
            #expect(try verifier.verify(token, now: Self.now).get().subject == "u1", "\(kid)")
            // The same signature under another key's id fails: the kid picks the key, never a fallback.
            let other = try factory.token(alg: alg, kid: kid == "test-rsa" ? "test-p256" : "test-rsa", claims: Self.claims)
            #expect(refusalCode(verifier.verify(other, now: Self.now)) == "algorithm_mismatch", "\(kid)")
        }
    }
}

/// Every attack in the foundation issue, each refused with its own reason.
struct JWTAttackTests {
    static let now = JWTAlgorithmTests.now
    nonisolated(unsafe) static let good: [String: Any] = JWTAlgorithmTests.claims

    struct Setup {
        let verifier: JWTVerifier
        let hs: TokenFactory
        init(issuer: String? = nil, audience: String? = nil, requireExpiration: Bool = true) async throws {
            let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret, algorithm: "HS256", kid: "hs")])
            verifier = JWTVerifier(settings: JWTSettings(keys: keys, issuer: issuer, audience: audience, requireExpiration: requireExpiration))
            hs = await .hmac()
        }
        func verify(_ token: String) -> Result<JWTClaims, RefusalReason> { verifier.verify(token, now: JWTAttackTests.now) }
        func signed(header: String, payload: String) throws -> String { try hs.token(header: header, payload: payload) }
    }

    static let goodPayload = #"{"exp":1800000600,"iat":1799999990,"sub":"u1"}"#

    @Test func theBaselineIsAccepted() async throws {
        let setup = try await Setup()
        #expect(try setup.verify(setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: Self.goodPayload)).get().subject == "u1")
    }

    @Test(arguments: ["none", "None", "NONE", "nOnE"])
    func algNoneInAnyCasing(_ alg: String) async throws {
        let setup = try await Setup()
        let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","kid":"hs"}"#.utf8))
        let payload = Base64URL.encode(Array(Self.goodPayload.utf8))
        #expect(refusalCode(setup.verify("\(header).\(payload).")) == "alg_none")
        // With a signature borrowed from a real token too.
        let real = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: Self.goodPayload)
        #expect(refusalCode(setup.verify("\(header).\(payload).\(real.split(separator: ".")[2])")) == "alg_none")
    }

    @Test func rs256ToHS256ConfusionWithThePublicKeyAsSecret() async throws {
        let keys = try await JWTKeySet.load([.pem(Fixtures.rsaPublic, algorithm: "RS256")])
        let verifier = JWTVerifier(settings: JWTSettings(keys: keys))
        let forger = await TokenFactory.hmac(Array(Fixtures.rsaPublic.utf8))
        let forged = try forger.token(alg: "HS256", claims: Self.good)
        #expect(refusalCode(verifier.verify(forged, now: Self.now)) == "algorithm_mismatch")
    }

    @Test func unknownKidNeverFallsBackToTheDefaultKey() async throws {
        let setup = try await Setup()
        let token = try setup.signed(header: #"{"alg":"HS256","kid":"other"}"#, payload: Self.goodPayload)
        #expect(refusalCode(setup.verify(token)) == "unknown_key")
        for kid in ["../../etc/passwd", "' OR 1=1 --", ""] {
            let attack = try setup.signed(header: #"{"alg":"HS256","kid":"\#(kid)"}"#, payload: Self.goodPayload)
            #expect(refusalCode(setup.verify(attack)) == "unknown_key")
        }
    }

    @Test(arguments: [
        (#"{"exp":1799999900,"sub":"u1"}"#, "token_expired"),
        (#"{"exp":1800000600,"nbf":1800000100,"sub":"u1"}"#, "token_not_yet_valid"),
        (#"{"sub":"u1"}"#, "missing_exp"),
        (#"{"exp":1e400,"sub":"u1"}"#, "invalid_claim"),
        (#"{"exp":18446744073709551616,"sub":"u1"}"#, "invalid_claim"),
        (#"{"exp":-1,"sub":"u1"}"#, "invalid_claim"),
        (#"{"exp":"1800000600","sub":"u1"}"#, "invalid_claim"),
        (#"{"exp":1800000600,"sub":7}"#, "invalid_claim"),
        (#"{"exp":1800000600,"aud":[1],"sub":"u1"}"#, "invalid_claim"),
        (#"{"exp":1800000600,"exp":1800000600,"sub":"u1"}"#, "duplicate_json_member"),
        (#"{"exp":1800000600,"sub":"u1","sub":"admin"}"#, "duplicate_json_member"),
        (#"["not","an","object"]"#, "malformed_token"),
        (#"{"exp":1800000600,"sub":"u1""#, "malformed_token"),
    ])
    func claimAttacks(_ payload: String, _ reason: String) async throws {
        let setup = try await Setup()
        let token = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: payload)
        #expect(refusalCode(setup.verify(token)) == reason)
    }

    @Test func expiryHonoursTheLeeway() async throws {
        let setup = try await Setup()
        let justExpired = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: #"{"exp":1799999970,"sub":"u1"}"#)
        #expect(try setup.verify(justExpired).get().subject == "u1")  // 30 s ago, leeway 60 s
        let nbfSoon = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: #"{"exp":1800000600,"nbf":1800000030,"sub":"u1"}"#)
        #expect(try setup.verify(nbfSoon).get().subject == "u1")
    }

    @Test func legacyTokensWithoutExpWhenRelaxed() async throws {
        let setup = try await Setup(requireExpiration: false)
        let token = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: #"{"sub":"u1"}"#)
        #expect(try setup.verify(token).get().subject == "u1")
    }

    @Test func issuerAndAudience() async throws {
        let setup = try await Setup(issuer: "https://issuer.example", audience: "api")
        func token(_ payload: String) throws -> String { try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: payload) }
        #expect(try setup.verify(token(#"{"exp":1800000600,"iss":"https://issuer.example","aud":["x","api"],"sub":"u1"}"#)).get().subject == "u1")
        #expect(try setup.verify(token(#"{"exp":1800000600,"iss":"https://issuer.example","aud":"api","sub":"u1"}"#)).get().subject == "u1")
        #expect(refusalCode(try setup.verify(token(#"{"exp":1800000600,"iss":"https://evil.example","aud":"api","sub":"u1"}"#))) == RefusalReason.invalidIssuer.code)
        #expect(refusalCode(try setup.verify(token(#"{"exp":1800000600,"aud":"api","sub":"u1"}"#))) == RefusalReason.invalidIssuer.code)
        #expect(refusalCode(try setup.verify(token(#"{"exp":1800000600,"iss":"https://issuer.example","aud":"other","sub":"u1"}"#))) == RefusalReason.invalidAudience.code)
        #expect(refusalCode(try setup.verify(token(#"{"exp":1800000600,"iss":"https://issuer.example","sub":"u1"}"#))) == RefusalReason.invalidAudience.code)
    }

    @Test(arguments: [
        (#"{"alg":"HS256","kid":"hs","crit":["exp"]}"#, "crit_header"),
        (#"{"alg":"HS256","kid":"hs","crit":["x-unknown"],"x-unknown":1}"#, "crit_header"),
        (#"{"alg":"HS256","kid":"hs","jku":"https://evil.example/jwks"}"#, "unsupported_header"),
        (#"{"alg":"HS256","kid":"hs","x5u":"https://evil.example/cert"}"#, "unsupported_header"),
        (#"{"alg":"HS256","kid":"hs","jwk":{"kty":"oct","k":"AAAA"}}"#, "unsupported_header"),
        (#"{"alg":"HS256","alg":"HS256","kid":"hs"}"#, "duplicate_json_member"),
        (#"{"alg":"HS512","kid":"hs"}"#, "algorithm_mismatch"),
        (#"{"alg":"RS256","kid":"hs"}"#, "algorithm_mismatch"),
        (#"{"alg":"hs256","kid":"hs"}"#, "algorithm_mismatch"),
        (#"{"kid":"hs"}"#, "malformed_token"),
        (#"{"alg":"HS256","kid":7}"#, "malformed_token"),
    ])
    func headerAttacks(_ header: String, _ reason: String) async throws {
        let setup = try await Setup()
        let token = try setup.signed(header: header, payload: Self.goodPayload)
        #expect(refusalCode(setup.verify(token)) == reason)
    }

    @Test func formAttacks() async throws {
        let setup = try await Setup()
        let token = try setup.signed(header: #"{"alg":"HS256","kid":"hs"}"#, payload: Self.goodPayload)
        let parts = token.split(separator: ".").map(String.init)
        let cases: [(String, RefusalReason)] = [
            (parts[0] + "." + parts[1], .malformedToken),
            (parts[0] + "." + parts[1] + ".", .badSignature),
            (parts[0] + "." + parts[1] + "." + parts[2] + ".x", .malformedToken),
            (parts[0] + "==." + parts[1] + "." + parts[2], .malformedToken),
            (parts[0] + "." + parts[1] + "." + parts[2] + "=", .badSignature),
            (parts[0] + " ." + parts[1] + "." + parts[2], .malformedToken),
            (parts[0] + ".\n" + parts[1] + "." + parts[2], .badSignature),
            (parts[0] + "." + parts[1] + "." + parts[2].replacingOccurrences(of: "_", with: "/").replacingOccurrences(of: "-", with: "+") + "+", .badSignature),
            ("." + parts[1] + "." + parts[2], .malformedToken),
            (parts[0] + "." + Base64URL.encode(Array(#"{"exp":1800000600,"sub":"admin"}"#.utf8)) + "." + parts[2], .badSignature),
            (String(repeating: "a", count: 9000), .tokenTooLarge),
        ]
        for (token, reason) in cases {
            #expect(refusalCode(setup.verify(token)) == reason.code, "\(token.prefix(80))")
        }
    }
}

/// The refusal code of a result, or `nil` when it succeeded.
func refusalCode<T>(_ result: Result<T, RefusalReason>) -> String? {
    if case .failure(let reason) = result { return reason.code }
    return nil
}
