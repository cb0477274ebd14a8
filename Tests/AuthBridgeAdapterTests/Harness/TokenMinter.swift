import AuthBridge
import Crypto
import Foundation

/// Builds compact JWS tokens from literal header and payload JSON text (so duplicate members and odd headers
/// survive), HMAC-SHA256-signed with the fixture secret or any other bytes.
struct TokenMinter: Sendable {
    static let issuer = "https://issuer.authbridge.test"
    static let audience = "authbridge-tests"

    var secret: [UInt8] = Setup.secret
    let now = Int(Date().timeIntervalSince1970)

    /// The claims of a token for `sub` that the attack setup accepts, with `extra` members appended verbatim.
    func claims(_ sub: String, exp: Int = 600, extra: String = "") -> String {
        #"{"sub":"\#(sub)","iss":"\#(Self.issuer)","aud":"\#(Self.audience)","iat":\#(now - 10),"exp":\#(now + exp)\#(extra)}"#
    }

    /// `header.payload.signature`, signed over the base64url of the two texts.
    func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String, key: [UInt8]? = nil) -> String {
        sign(Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)), key: key)
    }

    /// Signs an already encoded `header.payload` input.
    func sign(_ input: String, key: [UInt8]? = nil) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: key ?? secret))
        return input + "." + Base64URL.encode(Array(mac))
    }

    /// A valid token for `sub`.
    func valid(_ sub: String) -> String { token(payload: claims(sub)) }
}
