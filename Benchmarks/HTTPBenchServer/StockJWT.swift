import Foundation
import JWTKit

/// What the stock JWT routes share: the claims they decode and the key they verify with.
enum StockJWT {
    /// The claims of AuthBridge's login token that a stock route needs: `sub`, and `exp` checked.
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    /// Adds the key AuthBridge signs with in `mode` (`stock-es256`: the public half of the P-256 fixture key;
    /// otherwise the HS256 bench secret) to `keys`.
    static func addKey(for mode: String, to keys: JWTKeyCollection) async throws {
        if mode == "stock-es256" {
            let pem = try String(contentsOf: BenchServer.keys.appendingPathComponent("p256-public.pem"), encoding: .utf8)
            await keys.add(ecdsa: try ES256PublicKey(pem: pem))
        } else {
            await keys.add(hmac: HMACKey(from: BenchServer.secret), digestAlgorithm: .sha256)
        }
    }
}
