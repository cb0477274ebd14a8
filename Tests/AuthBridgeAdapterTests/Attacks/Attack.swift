import AuthBridge
import Foundation
import NIOHTTP1

/// What an attack may use: the server's port and origin, a token minter, and two real sessions (alice's and
/// bob's), logged in over HTTP before the corpus runs.
struct AttackContext: Sendable {
    let port: Int
    let minter: TokenMinter
    /// Session cookie values (the part after `name=`).
    let alice: String
    let bob: String

    static let cookieName = TestClient.cookieName
    var origin: String { "http://127.0.0.1:\(port)" }
    func cookie(_ value: String) -> String { "\(Self.cookieName)=\(value)" }
}

/// One hostile request and what it may get. Whatever the attack, the answer is never 5xx and a 200 never names
/// a user other than ``allowedUser``.
struct Attack: Sendable {
    var name: String
    var method: HTTPMethod = .GET
    var path = "/api/me"
    /// The statuses the documented behaviour allows.
    var statuses: Set<Int> = [401]
    /// The error code of a refusal, where the attack has exactly one.
    var reason: String?
    /// The only user a 200 may name (`nil`: a 200 is never acceptable).
    var allowedUser: String?
    /// The request's headers.
    var headers: @Sendable (AttackContext) -> [(String, String)]

    /// A bearer attack: one `Authorization: Bearer <token>` header, refused with `reason`.
    static func bearer(_ name: String, _ reason: String?, _ token: @escaping @Sendable (TokenMinter) -> String) -> Attack {
        Attack(name: name, reason: reason) { [("Authorization", "Bearer " + token($0.minter))] }
    }

    /// A cookie attack: one `Cookie` header, refused with `reason`.
    static func cookie(_ name: String, _ reason: String?, _ header: @escaping @Sendable (AttackContext) -> String) -> Attack {
        Attack(name: name, reason: reason) { [("Cookie", header($0))] }
    }

    /// A cookie-authenticated write as alice with extra headers, refused as cross-site unless `allowed`.
    static func csrf(_ name: String, allowed: Bool = false, _ headers: @escaping @Sendable (AttackContext) -> [(String, String)]) -> Attack {
        Attack(
            name: name, method: .POST, statuses: allowed ? [200] : [403], reason: allowed ? nil : "cross_site_request",
            allowedUser: "alice"
        ) { [("Cookie", $0.cookie($0.alice))] + headers($0) }
    }
}
