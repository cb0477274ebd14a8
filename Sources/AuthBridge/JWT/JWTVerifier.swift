public import Foundation
internal import JWTKit

/// Verifies compact JWS bearer tokens strictly, with jwt-kit doing the signature check.
///
/// Order: size, form (three strict base64url segments), JOSE header (JSON object, no duplicate members, no
/// `crit`, no embedded or remote keys, `alg` not `none`), key by `kid` (unknown → refused), `alg` equal to the
/// key's, signature, payload (JSON object, no duplicates), then `exp`, `nbf`, `iss` and `aud`. The decision
/// refuses a token without `sub`.
public struct JWTVerifier: Sendable {
    /// The settings in force.
    public let settings: JWTSettings

    /// The latest instant a NumericDate may name (9999-12-31T23:59:59Z); larger numbers are refused.
    static let latestNumericDate: Double = 253_402_300_799

    private let cache: VerifiedTokenCache?

    /// Creates a verifier.
    public init(settings: JWTSettings) {
        self.settings = settings
        self.cache = settings.verifiedTokenCacheCapacity > 0 ? VerifiedTokenCache(capacity: settings.verifiedTokenCacheCapacity) : nil
    }

    /// How many verified tokens are cached now (0 when the cache is off).
    public var cachedTokenCount: Int { cache?.count ?? 0 }

    /// A token whose signature verified, before any claim check.
    public struct SignedContent: Sendable {
        /// The JOSE header.
        public var header: [String: JSONValue]
        /// The payload bytes (a JWT's are a JSON object; JWS in general may carry anything).
        public var payload: [UInt8]
    }

    /// Verifies a token at `now`; returns its claims or why it is refused.
    public func verify(_ token: String, now: Date) -> Result<JWTClaims, RefusalReason> {
        var token = token
        return token.withUTF8 { verify($0, now: now) }
    }

    /// Verifies a token's bytes in place: a cached token is looked up without a string made of it.
    func verify(_ token: UnsafeBufferPointer<UInt8>, now: Date) -> Result<JWTClaims, RefusalReason> {
        if let cached = cache?.claims(for: token, now: now, leeway: settings.leeway) { return .success(cached) }
        return verifyUncached(token, now: now)
    }

    private func verifyUncached(_ tokenBytes: UnsafeBufferPointer<UInt8>, now: Date) -> Result<JWTClaims, RefusalReason> {
        let token = String(decoding: tokenBytes, as: UTF8.self)
        switch verifySignature(token) {
        case .failure(let reason): return .failure(reason)
        case .success(let content):
            switch Self.parseObject(content.payload) {
            case .success(let payload):
                let result = claims(from: payload, now: now)
                // Only tokens valid now are cached: a token before its nbf, or failing any check, is not.
                if case .success(let claims) = result { cache?.insert(claims, for: tokenBytes) }
                return result
            case .failure(let reason): return .failure(reason)
            }
        }
    }

    /// Checks a token's form, header, key and signature, without reading its payload.
    public func verifySignature(_ token: String) -> Result<SignedContent, RefusalReason> {
        let bytes = Array(token.utf8)
        guard bytes.count <= settings.maximumTokenBytes else { return .failure(.tokenTooLarge) }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3, !segments[0].isEmpty, !segments[1].isEmpty else { return .failure(.malformedToken) }

        let header: [String: JSONValue]
        switch Self.decodeObject(segments[0]) {
        case .success(let value): header = value
        case .failure(let reason): return .failure(reason)
        }
        guard let alg = header["alg"]?.stringValue else { return .failure(.malformedToken) }
        if alg.lowercased() == "none" { return .failure(.algNone) }
        if header["crit"] != nil { return .failure(.critHeader) }
        for embedded in ["jku", "jwk", "x5u", "x5c"] where header[embedded] != nil {
            return .failure(.unsupportedHeader)
        }
        let kid: String?
        switch header["kid"] {
        case nil: kid = nil
        case .string(let value)?: kid = value
        default: return .failure(.malformedToken)
        }
        guard let key = settings.keys.key(for: kid) else { return .failure(.unknownKey) }
        guard alg == key.algorithm else { return .failure(.algorithmMismatch) }

        guard !segments[2].isEmpty, let signature = Base64URL.decode(segments[2]) else { return .failure(.badSignature) }
        let signingInput = bytes[..<(segments[1].endIndex)]
        guard (try? key.verifier.verify(signature, signs: signingInput)) == true else { return .failure(.badSignature) }
        guard let payload = Base64URL.decode(segments[1]) else { return .failure(.malformedToken) }
        return .success(SignedContent(header: header, payload: payload))
    }

    private static func decodeObject(_ segment: ArraySlice<UInt8>) -> Result<[String: JSONValue], RefusalReason> {
        guard let json = Base64URL.decode(segment) else { return .failure(.malformedToken) }
        return parseObject(json)
    }

    private static func parseObject(_ json: [UInt8]) -> Result<[String: JSONValue], RefusalReason> {
        do {
            guard case .object(let members) = try StrictJSON.parse(json) else { return .failure(.malformedToken) }
            return .success(members)
        } catch .duplicateMember {
            return .failure(.duplicateJSONMember)
        } catch .numberOutOfRange {
            return .failure(.invalidClaim)
        } catch {
            return .failure(.malformedToken)
        }
    }

    private func claims(from payload: [String: JSONValue], now: Date) -> Result<JWTClaims, RefusalReason> {
        func date(_ name: String) -> Result<Date?, RefusalReason> {
            switch payload[name] {
            case nil: return .success(nil)
            case .number(let seconds)? where seconds >= 0 && seconds <= Self.latestNumericDate:
                return .success(Date(timeIntervalSince1970: seconds))
            default: return .failure(.invalidClaim)
            }
        }
        func string(_ name: String) -> Result<String?, RefusalReason> {
            switch payload[name] {
            case nil: return .success(nil)
            case .string(let value)?: return .success(value)
            default: return .failure(.invalidClaim)
            }
        }
        do {
            let expiresAt = try date("exp").get()
            let notBefore = try date("nbf").get()
            let issuedAt = try date("iat").get()
            let issuer = try string("iss").get()
            let subject = try string("sub").get()
            let audience: [String]
            switch payload["aud"] {
            case nil: audience = []
            case .string(let value)?: audience = [value]
            case .array(let values)?:
                let strings = values.compactMap(\.stringValue)
                guard strings.count == values.count else { return .failure(.invalidClaim) }
                audience = strings
            default: return .failure(.invalidClaim)
            }

            if let expiresAt {
                if now.timeIntervalSince(expiresAt) >= settings.leeway { return .failure(.tokenExpired) }
            } else if settings.requireExpiration {
                return .failure(.missingExpiration)
            }
            if let notBefore, notBefore.timeIntervalSince(now) > settings.leeway { return .failure(.tokenNotYetValid) }
            if let required = settings.issuer, issuer != required { return .failure(.invalidIssuer) }
            if let required = settings.audience, !audience.contains(required) { return .failure(.invalidAudience) }
            let clientID = try string("azp").get() ?? string("client_id").get()
            return .success(
                JWTClaims(
                    subject: subject, issuer: issuer, audience: audience, expiresAt: expiresAt, notBefore: notBefore,
                    issuedAt: issuedAt, clientID: clientID, all: payload
                ))
        } catch let reason as RefusalReason {
            return .failure(reason)
        } catch {
            return .failure(.invalidClaim)
        }
    }
}
