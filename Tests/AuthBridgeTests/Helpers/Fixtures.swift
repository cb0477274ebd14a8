import AuthBridge
import Foundation
import JWTKit

/// Test-only keys and vectors under `Fixtures/`, found from this file's path.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func text(_ path: String) -> String {
        try! String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static var hmacSecret: [UInt8] { Array(text("keys/hs256.secret").utf8) }
    static var rsaPrivate: String { text("keys/rsa-private.pem") }
    static var rsaPublic: String { text("keys/rsa-public.pem") }
    static var p256Private: String { text("keys/p256-private.pem") }
    static var p256Public: String { text("keys/p256-public.pem") }
    static var p384Private: String { text("keys/p384-private.pem") }
    static var p384Public: String { text("keys/p384-public.pem") }
    static var ed25519Private: String { text("keys/ed25519-private.pem") }
    static var ed25519Public: String { text("keys/ed25519-public.pem") }
    static var jwks: String { text("keys/jwks.json") }
}

/// Builds compact JWS tokens with arbitrary header and payload text, signed by a real key through jwt-kit.
struct TokenFactory: Sendable {
    let signer: any JWTAlgorithm

    static func hmac(_ secret: [UInt8] = Fixtures.hmacSecret, bits: Int = 256) async -> TokenFactory {
        let digest: DigestAlgorithm = bits == 512 ? .sha512 : bits == 384 ? .sha384 : .sha256
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: digest)
        return TokenFactory(signer: try! await keys.getKey())
    }

    static func rsa(_ name: String = "RS256") async throws -> TokenFactory {
        let key = try Insecure.RSA.PrivateKey(pem: Fixtures.rsaPrivate)
        let digest: DigestAlgorithm = name.hasSuffix("512") ? .sha512 : name.hasSuffix("384") ? .sha384 : .sha256
        let keys = JWTKeyCollection()
        if name.hasPrefix("PS") { await keys.add(pss: key, digestAlgorithm: digest) } else { await keys.add(rsa: key, digestAlgorithm: digest) }
        return TokenFactory(signer: try await keys.getKey())
    }

    static func es256() async throws -> TokenFactory {
        TokenFactory(signer: try await JWTKeyCollection().add(ecdsa: ES256PrivateKey(pem: Fixtures.p256Private)).getKey())
    }

    static func es384() async throws -> TokenFactory {
        TokenFactory(signer: try await JWTKeyCollection().add(ecdsa: ES384PrivateKey(pem: Fixtures.p384Private)).getKey())
    }

    static func eddsa() async throws -> TokenFactory {
        TokenFactory(signer: try await JWTKeyCollection().add(eddsa: EdDSA.PrivateKey(pem: Fixtures.ed25519Private)).getKey())
    }

    func token(header: String, payload: String) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try signer.sign(Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    func token(alg: String, kid: String? = nil, claims: [String: Any]) throws -> String {
        var header: [String: Any] = ["alg": alg, "typ": "JWT"]
        if let kid { header["kid"] = kid }
        let h = String(decoding: try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]), as: UTF8.self)
        let p = String(decoding: try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]), as: UTF8.self)
        return try token(header: h, payload: p)
    }
}

/// A fixed wall clock for tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    var function: @Sendable () -> Date { { self.now } }
}
