public import AuthBridge
public import Configuration
import Foundation

extension JWTSettings {
    /// Reads keys and claim settings; `nil` when no key is configured (a session-only server).
    ///
    /// - Configuration keys:
    ///   - `jwt.secret` (secret): an HMAC secret of at least 32 bytes.
    ///   - `jwt.algorithm`: the secret's or PEM key's algorithm (HS256 by default for a secret; required with PEM).
    ///   - `jwt.publicKeyFile` or `jwt.privateKeyFile`: a PEM key file; `jwt.jwksFile`: a JWKS file.
    ///   - `jwt.kid`: the secret's or PEM key's `kid`.
    ///   - `jwt.issuer`, `jwt.audience`: required `iss` and `aud`.
    ///   - `jwt.leeway` (default 60s, at most 1h), `jwt.requireExp` (on|off, default on), `jwt.ttl` (default 1h).
    /// - Throws: ``ConfigurationError`` naming the first bad variable; a key error never shows key material.
    public init?(reader: ConfigReader) async throws(ConfigurationError) {
        let settings = SettingReader(reader: reader)
        let secret = settings.string(.jwtSecret)
        let publicFile = settings.string(.jwtPublicKeyFile)
        let privateFile = settings.string(.jwtPrivateKeyFile)
        let kid = settings.string(.jwtKeyID)
        // Parsed before the keys so that a bad value stops start-up even on a server without a key.
        let leeway = try settings.duration(.jwtLeeway, in: 0...3600) ?? 60
        let requireExpiration = try settings.flag(.jwtRequireExpiration) ?? true
        let lifetime = try settings.duration(.jwtTTL, in: 1...(365 * 86400)) ?? 3600
        let algorithm = try settings.value(.jwtAlgorithm) { text in
            JWTKeySet.supportedAlgorithms.first { $0.lowercased() == text.lowercased() }
        }
        if publicFile != nil, privateFile != nil {
            throw ConfigurationError(
                .conflictingValues, .jwtPublicKeyFile, value: publicFile,
                detail:
                    "set AUTHBRIDGE_JWT_PUBLIC_KEY_FILE or AUTHBRIDGE_JWT_PRIVATE_KEY_FILE, not both (a private key also verifies)"
            )
        }
        let pem =
            privateFile.map { (ConfigurationVariable.jwtPrivateKeyFile, $0) }
            ?? publicFile.map { (.jwtPublicKeyFile, $0) }
        var source: (ConfigurationVariable, JWTKeySet.Source)?
        if let secret {
            if case let (variable, path)? = pem {
                throw ConfigurationError(
                    .conflictingValues, variable, value: path,
                    detail: "set AUTHBRIDGE_JWT_SECRET or a PEM key file, not both")
            }
            guard (algorithm ?? "HS256").hasPrefix("HS") else {
                throw ConfigurationError(
                    .conflictingValues, .jwtAlgorithm, value: algorithm, detail: "a secret needs HS256, HS384 or HS512")
            }
            source = (.jwtSecret, .hmac(secret: Array(secret.utf8), algorithm: algorithm ?? "HS256", kid: kid))
        } else if case let (variable, path)? = pem {
            guard let algorithm, !algorithm.hasPrefix("HS") else {
                throw ConfigurationError(
                    .conflictingValues, .jwtAlgorithm, value: algorithm,
                    detail: "a PEM key needs its algorithm (RS*, PS*, ES256, ES384 or EdDSA)")
            }
            source = (variable, .pem(try Self.read(path, variable), algorithm: algorithm, kid: kid))
        }
        let jwks = try settings.string(.jwtJWKSFile).map { path throws(ConfigurationError) in
            try Self.read(path, .jwtJWKSFile)
        }
        guard source != nil || jwks != nil else { return nil }

        if case let (variable, key)? = source {
            do {
                _ = try await JWTKeySet.load([key])
            } catch {
                throw ConfigurationError(.unusableKey, variable, value: settings.string(variable), detail: error.detail)
            }
        }
        let keys: JWTKeySet
        do {
            keys = try await JWTKeySet.load(source.map { [$0.1] } ?? [], jwks: jwks)
        } catch {
            let blamed: ConfigurationVariable = error.code == .duplicateKeyID && kid != nil ? .jwtKeyID : .jwtJWKSFile
            throw ConfigurationError(.unusableKey, blamed, value: settings.string(blamed), detail: error.detail)
        }
        self.init(
            keys: keys,
            issuer: settings.string(.jwtIssuer),
            audience: settings.string(.jwtAudience),
            leeway: leeway,
            requireExpiration: requireExpiration,
            issuedTokenLifetime: lifetime
        )
    }

    private static func read(_ path: String, _ variable: ConfigurationVariable) throws(ConfigurationError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(.unreadableFile, variable, value: path, detail: "the file cannot be read")
        }
    }
}
