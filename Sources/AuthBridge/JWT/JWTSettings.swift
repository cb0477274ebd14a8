public import Foundation

/// How bearer tokens are verified and issued.
public struct JWTSettings: Sendable {
    /// The verification (and signing) keys.
    public var keys: JWTKeySet
    /// The required `iss`, if any.
    public var issuer: String?
    /// The required `aud` (one of the token's audiences must equal it), if any.
    public var audience: String?
    /// Clock skew allowed on `exp` and `nbf`. Default 60 s.
    public var leeway: TimeInterval
    /// Whether `exp` is required. Default `true`; switch off only for legacy tokens that never expire.
    public var requireExpiration: Bool
    /// The largest token accepted, in bytes. Default 8 KiB.
    public var maximumTokenBytes: Int
    /// The lifetime of tokens issued at login while issuance is on. Default 1 hour.
    public var issuedTokenLifetime: TimeInterval
    /// How many verified tokens are remembered (by SHA-256) so a repeat request skips the signature check;
    /// `exp` is still checked on every request. 0 switches the cache off. Default 10,000.
    public var verifiedTokenCacheCapacity: Int

    /// Creates settings; everything but the keys has a default.
    public init(
        keys: JWTKeySet,
        issuer: String? = nil,
        audience: String? = nil,
        leeway: TimeInterval = 60,
        requireExpiration: Bool = true,
        maximumTokenBytes: Int = BearerCredential.maximumTokenBytes,
        issuedTokenLifetime: TimeInterval = 3600,
        verifiedTokenCacheCapacity: Int = 10_000
    ) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.requireExpiration = requireExpiration
        self.maximumTokenBytes = maximumTokenBytes
        self.issuedTokenLifetime = issuedTokenLifetime
        self.verifiedTokenCacheCapacity = verifiedTokenCacheCapacity
    }
}
