import Foundation
internal import JWTKit

/// The keys that verify (and, where private material is given, sign) bearer tokens.
///
/// Each key pins its algorithm: a token's `alg` header must equal it and never chooses it. Keys are resolved
/// into plain values once, so verifying needs no actor hop.
public struct JWTKeySet: Sendable {
    /// JWS algorithms AuthBridge accepts.
    public static let supportedAlgorithms: Set<String> = [
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
    ]

    /// The shortest HMAC secret accepted, in bytes (RFC 7518 §3.2 asks for at least the hash size).
    public static let minimumHMACKeyBytes = 32

    struct Key: Sendable {
        let kid: String?
        let algorithm: String
        let verifier: any JWTAlgorithm
    }

    /// One key as configured.
    public struct Source: Sendable {
        enum Material: Sendable {
            case secret([UInt8])
            case pem(String)
        }
        let kid: String?
        let algorithm: String
        let material: Material

        /// An HMAC secret (HS256/384/512) of at least 32 bytes.
        public static func hmac(secret: some Sequence<UInt8>, algorithm: String = "HS256", kid: String? = nil) -> Source {
            Source(kid: kid, algorithm: algorithm, material: .secret(Array(secret)))
        }

        /// A PEM public or private key (RS*, PS*, ES256, ES384, EdDSA). A private key also signs.
        public static func pem(_ pem: String, algorithm: String, kid: String? = nil) -> Source {
            Source(kid: kid, algorithm: algorithm, material: .pem(pem))
        }
    }

    private let keys: [Key]
    private let byKid: [String: Key]
    let signing: JWTKeyCollection?
    let signingKid: String?
    let signingAlgorithm: String?

    /// The configured key ids and algorithms, for display (no key material).
    public var summary: [(kid: String?, algorithm: String)] { keys.map { ($0.kid, $0.algorithm) } }

    /// Whether a key can sign tokens (an HMAC secret or a private PEM).
    public var canSign: Bool { signing != nil }

    /// Loads keys from sources and, optionally, a JWKS document.
    ///
    /// - Parameters:
    ///   - sources: secrets and PEM keys.
    ///   - jwks: a JWKS JSON document; every key must carry `kid` and `alg`.
    /// - Throws: ``JWTKeyError`` for a short HMAC secret, an unsupported algorithm, an unreadable key, a JWK
    ///   without `alg` or `kid`, or a repeated `kid`.
    public static func load(_ sources: [Source], jwks: String? = nil) async throws(JWTKeyError) -> JWTKeySet {
        var keys: [Key] = []
        var signing: JWTKeyCollection?
        var signingKid: String?
        var signingAlgorithm: String?
        for source in sources {
            let collection = JWTKeyCollection()
            let signs = try await add(source, to: collection)
            let kid = source.kid.map { JWKIdentifier(string: $0) }
            guard let verifier = try? await collection.getKey(for: kid) else {
                throw JWTKeyError(.unreadableKey, "key \(source.kid ?? "(no kid)") could not be loaded")
            }
            keys.append(Key(kid: source.kid, algorithm: source.algorithm, verifier: verifier))
            if signs, signing == nil {
                signing = collection
                signingKid = source.kid
                signingAlgorithm = source.algorithm
            }
        }
        if let jwks {
            keys += try await loadJWKS(jwks)
        }
        guard !keys.isEmpty else { throw JWTKeyError(.noKeys, "no JWT key is configured") }
        var byKid: [String: Key] = [:]
        for key in keys {
            guard let kid = key.kid else { continue }
            guard byKid.updateValue(key, forKey: kid) == nil else {
                throw JWTKeyError(.duplicateKeyID, "kid \"\(kid)\" is configured twice")
            }
        }
        return JWTKeySet(keys: keys, byKid: byKid, signing: signing, signingKid: signingKid, signingAlgorithm: signingAlgorithm)
    }

    private init(keys: [Key], byKid: [String: Key], signing: JWTKeyCollection?, signingKid: String?, signingAlgorithm: String?) {
        self.keys = keys
        self.byKid = byKid
        self.signing = signing
        self.signingKid = signingKid
        self.signingAlgorithm = signingAlgorithm
    }

    /// The key for a token's `kid`: the key with that id, or, when the token has none, the only key without
    /// an id (or the only key). An unknown `kid` never falls back to another key.
    func key(for kid: String?) -> Key? {
        if let kid { return byKid[kid] }
        let unnamed = keys.filter { $0.kid == nil }
        if unnamed.count == 1 { return unnamed[0] }
        return keys.count == 1 ? keys[0] : nil
    }

    /// Adds a source to a collection; returns whether it can sign.
    private static func add(_ source: Source, to collection: JWTKeyCollection) async throws(JWTKeyError) -> Bool {
        let kid = source.kid.map { JWKIdentifier(string: $0) }
        let name = source.kid ?? source.algorithm
        guard supportedAlgorithms.contains(source.algorithm) else {
            throw JWTKeyError(.unsupportedAlgorithm, "algorithm \"\(source.algorithm)\" is not one of \(supportedAlgorithms.sorted().joined(separator: ", "))")
        }
        do {
            switch (source.material, source.algorithm.prefix(2)) {
            case (.secret(let secret), "HS"):
                // RFC 7518 §3.2: at least the hash size (32, 48, 64 bytes); jwt-kit traps on less in debug builds.
                let required = max(minimumHMACKeyBytes, Int(source.algorithm.suffix(3))! / 8)
                guard secret.count >= required else {
                    throw JWTKeyError(.hmacKeyTooShort, "the \(source.algorithm) secret for \(name) has \(secret.count) bytes; at least \(required) are required")
                }
                await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: digest(source.algorithm), kid: kid)
                return true
            case (.pem(let pem), "RS"), (.pem(let pem), "PS"):
                let isPrivate = pem.contains("PRIVATE KEY")
                let key: any RSAKey = isPrivate ? try Insecure.RSA.PrivateKey(pem: pem) : try Insecure.RSA.PublicKey(pem: pem)
                if source.algorithm.hasPrefix("RS") {
                    await collection.add(rsa: key, digestAlgorithm: digest(source.algorithm), kid: kid)
                } else {
                    await collection.add(pss: key, digestAlgorithm: digest(source.algorithm), kid: kid)
                }
                return isPrivate
            case (.pem(let pem), "ES"):
                let isPrivate = pem.contains("PRIVATE KEY")
                if source.algorithm == "ES256" {
                    if isPrivate { await collection.add(ecdsa: try ES256PrivateKey(pem: pem), kid: kid) } else { await collection.add(ecdsa: try ES256PublicKey(pem: pem), kid: kid) }
                } else {
                    if isPrivate { await collection.add(ecdsa: try ES384PrivateKey(pem: pem), kid: kid) } else { await collection.add(ecdsa: try ES384PublicKey(pem: pem), kid: kid) }
                }
                return isPrivate
            case (.pem(let pem), "Ed"):
                let isPrivate = pem.contains("PRIVATE KEY")
                if isPrivate { await collection.add(eddsa: try EdDSA.PrivateKey(pem: pem), kid: kid) } else { await collection.add(eddsa: try EdDSA.PublicKey(pem: pem), kid: kid) }
                return isPrivate
            default:
                throw JWTKeyError(.unreadableKey, "\(source.algorithm) needs \(source.algorithm.hasPrefix("HS") ? "a secret" : "a PEM key") (\(name))")
            }
        } catch let error as JWTKeyError {
            throw error
        } catch {
            throw JWTKeyError(.unreadableKey, "the \(source.algorithm) key for \(name) is not a readable PEM key")
        }
    }

    private static func digest(_ algorithm: String) -> DigestAlgorithm {
        switch algorithm.suffix(3) {
        case "384": .sha384
        case "512": .sha512
        default: .sha256
        }
    }

    /// Loads a JWKS; refuses keys without `alg` (jwt-kit would adopt the first token's `alg`) or `kid`.
    private static func loadJWKS(_ json: String) async throws(JWTKeyError) -> [Key] {
        guard case .object(let document)? = try? StrictJSON.parse(Array(json.utf8)),
            let entries = document["keys"]?.arrayValue
        else {
            throw JWTKeyError(.unreadableKey, "the JWKS is not a JSON object with a \"keys\" array")
        }
        var keys: [Key] = []
        for (index, entry) in entries.enumerated() {
            guard let kid = entry.objectValue?["kid"]?.stringValue else {
                throw JWTKeyError(.jwkWithoutKeyID, "JWKS key #\(index) has no kid")
            }
            guard let alg = entry.objectValue?["alg"]?.stringValue else {
                throw JWTKeyError(.jwkWithoutAlgorithm, "JWKS key \"\(kid)\" has no alg; every key must pin its algorithm")
            }
            guard supportedAlgorithms.contains(alg), !alg.hasPrefix("HS") else {
                throw JWTKeyError(.unsupportedAlgorithm, "JWKS key \"\(kid)\" has alg \"\(alg)\", which is not supported")
            }
            let collection = JWTKeyCollection()
            do {
                let entryJSON = try JSONEncoder().encode(entry)
                let jwk = try JSONDecoder().decode(JWK.self, from: entryJSON)
                try await collection.add(jwk: jwk)
                let verifier = try await collection.getKey(for: JWKIdentifier(string: kid), alg: alg)
                guard verifier.name == alg else {
                    throw JWTKeyError(.unreadableKey, "JWKS key \"\(kid)\" does not match its alg \"\(alg)\"")
                }
                keys.append(Key(kid: kid, algorithm: alg, verifier: verifier))
            } catch let error as JWTKeyError {
                throw error
            } catch {
                throw JWTKeyError(.unreadableKey, "JWKS key \"\(kid)\" could not be loaded")
            }
        }
        return keys
    }
}
