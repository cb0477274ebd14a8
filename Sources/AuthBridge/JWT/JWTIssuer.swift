public import Foundation
internal import JWTKit

/// Signs the tokens login returns while issuance is on, with the first key that has private material.
public struct JWTIssuer: Sendable {
    private let settings: JWTSettings

    /// Creates an issuer; throws when no configured key can sign.
    public init(settings: JWTSettings) throws(JWTKeyError) {
        guard settings.keys.canSign else {
            throw JWTKeyError(.noSigningKey, "no configured key can sign tokens: give an HMAC secret or a private PEM key")
        }
        self.settings = settings
    }

    /// Issues a token for a user: `sub`, `iat`, `exp`, and `iss`/`aud` when configured; header `typ: JWT`.
    public func issue(for user: SessionUser, now: Date) async throws -> String {
        guard let collection = settings.keys.signing else {
            throw JWTKeyError(.noSigningKey, "no configured key can sign tokens")
        }
        let payload = IssuedClaims(
            sub: SubjectClaim(value: user.id),
            iat: IssuedAtClaim(value: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))),
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + settings.issuedTokenLifetime).rounded(.down))),
            iss: settings.issuer.map { IssuerClaim(value: $0) },
            aud: settings.audience.map { AudienceClaim(value: [$0]) },
            email: user.email
        )
        var header = JWTHeader()
        header.typ = "JWT"
        header.alg = settings.keys.signingAlgorithm
        return try await collection.sign(payload, kid: settings.keys.signingKid.map { JWKIdentifier(string: $0) }, header: header)
    }
}

private struct IssuedClaims: JWTPayload {
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    var email: String?

    // Issued tokens are checked by ``JWTVerifier`` when they come back, not by jwt-kit.
    func verify(using algorithm: some JWTAlgorithm) throws {}
}
