@testable import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

struct SessionKeyMemoTests {
    /// The SHA-256 key of a token, computed without the memo.
    func hashed(_ token: [UInt8]) -> SessionKey {
        SessionToken(cookieValue: Base64URL.encode(token))!.key
    }

    func key(_ memo: SessionKeyMemo, _ token: [UInt8]) -> SessionKey {
        token.withUnsafeBytes { memo.key(of: $0) }
    }

    /// Tokens that share their first 24 bytes and differ in one byte of the last 8: each keeps its own key, asked
    /// first or again, so the memo compares whole tokens (a probe meets other entries in a small table).
    @Test func everyTokenGetsItsOwnHashFirstAndAgain() {
        let memo = SessionKeyMemo(capacity: 1_000)
        let prefix = (0..<24).map { UInt8($0) }
        let tokens = (0..<200).map { index in prefix + (0..<8).map { UInt8(truncatingIfNeeded: $0 == index % 8 ? index / 8 + 1 : 0) } }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens { #expect(key(memo, token) == hashed(token)) }
        #expect(memo.count == tokens.count)
        for token in tokens.reversed() { #expect(key(memo, token) == hashed(token)) }
        #expect(memo.count == tokens.count)  // asked again, nothing added
    }

    @Test func theMemoIsBoundedAndStillAnswersBeyondIt() {
        let memo = SessionKeyMemo(capacity: 5)
        var generator = SystemRandomNumberGenerator()
        let tokens = (0..<50).map { _ in (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) } }
        for token in tokens + tokens { #expect(key(memo, token) == hashed(token)) }
        // Two generations of two (a capacity of 5 halves to 2), both full after an even number of new tokens; the
        // last token answers from the memo (asking again adds nothing).
        #expect(memo.count == 4)
        #expect(key(memo, tokens.last!) == hashed(tokens.last!))
        #expect(memo.count == 4)
    }

    /// Through the decision: a session cookie decided twice names its user both times, and a cookie one character
    /// away from it (a well-formed token sharing all but its first six bits) finds no session.
    @Test func aNeighbouringCookieFindsNoSession() async throws {
        let auth = Authenticator(configuration: AuthBridgeConfiguration(), store: MemorySessionStore(), resolver: SessionUserResolver())
        let login = try await auth.login(SessionUser(id: "alice"), request: AuthRequest(method: "POST", route: "/login"))
        let cookie = login.sessionToken.value
        let name = auth.configuration.sessions.effectiveCookieName
        let neighbour = (cookie.first == "A" ? "B" : "A") + String(cookie.dropFirst())
        #expect(SessionToken(cookieValue: neighbour) != nil)
        for _ in 0..<2 {
            let decision = await auth.authenticate(
                AuthRequest(method: "GET", route: "/me", cookies: ["\(name)=\(cookie)"]))
            #expect(decision.user?.id == "alice")
            let stranger = await auth.authenticate(
                AuthRequest(method: "GET", route: "/me", cookies: ["\(name)=\(neighbour)"]))
            #expect(stranger.user == nil)
            #expect(!stranger.isAuthenticated)
        }
    }
}
