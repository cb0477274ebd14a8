import AuthBridge
import Foundation

/// The attack corpus, run over real HTTP against every adapter by ``AttackCorpusTests``.
///
/// The server accepts HS256 with the fixture secret (no `kid`) and RS256 with the fixture RSA public key
/// (`kid` `rsa-1`), requires `iss` and `aud`, and has alice's and bob's sessions.
enum AttackCorpus {
    static let rsaKid = "rsa-1"

    private static func b64(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

    /// Bearer-token attacks: every one is a 401 with the given reason.
    static let jwt: [Attack] = [
        // alg none and friends
        .bearer("alg none, empty signature", "alg_none") { b64(#"{"alg":"none","typ":"JWT"}"#) + "." + b64($0.claims("alice")) + "." },
        .bearer("alg None", "alg_none") { b64(#"{"alg":"None"}"#) + "." + b64($0.claims("alice")) + "." },
        .bearer("alg NONE", "alg_none") { b64(#"{"alg":"NONE"}"#) + "." + b64($0.claims("alice")) + "." },
        .bearer("alg nOnE, HMAC signature", "alg_none") { $0.token(header: #"{"alg":"nOnE"}"#, payload: $0.claims("alice")) },
        .bearer("alg none, no signature segment", "malformed_token") { b64(#"{"alg":"none"}"#) + "." + b64($0.claims("alice")) },
        .bearer("alg missing", "malformed_token") { $0.token(header: #"{"typ":"JWT"}"#, payload: $0.claims("alice")) },
        .bearer("alg empty", "algorithm_mismatch") { $0.token(header: #"{"alg":""}"#, payload: $0.claims("alice")) },
        .bearer("alg not a string", "malformed_token") { $0.token(header: #"{"alg":["HS256"]}"#, payload: $0.claims("alice")) },
        // RS256 -> HS256 with the RSA public key as the HMAC secret
        .bearer("HS256 signed with the RSA public key, rsa kid", "algorithm_mismatch") {
            $0.token(header: #"{"alg":"HS256","kid":"\#(rsaKid)"}"#, payload: $0.claims("alice"), key: rsaPublicPEM)
        },
        .bearer("HS256 signed with the RSA public key, no kid", "bad_signature") {
            $0.token(header: #"{"alg":"HS256"}"#, payload: $0.claims("alice"), key: rsaPublicPEM)
        },
        .bearer("RS256 header, HMAC with the RSA public key", "bad_signature") {
            $0.token(header: #"{"alg":"RS256","kid":"\#(rsaKid)"}"#, payload: $0.claims("alice"), key: rsaPublicPEM)
        },
        .bearer("RS256 header on the HMAC key", "algorithm_mismatch") { $0.token(header: #"{"alg":"RS256"}"#, payload: $0.claims("alice")) },
        // kid
        .bearer("unknown kid", "unknown_key") { $0.token(header: #"{"alg":"HS256","kid":"nope"}"#, payload: $0.claims("alice")) },
        .bearer("kid path traversal", "unknown_key") {
            $0.token(header: #"{"alg":"HS256","kid":"../../../../../dev/null"}"#, payload: $0.claims("alice"), key: [])
        },
        .bearer("kid absolute path", "unknown_key") { $0.token(header: #"{"alg":"HS256","kid":"/etc/passwd"}"#, payload: $0.claims("alice")) },
        .bearer("kid to the fixture secret file", "unknown_key") {
            $0.token(header: #"{"alg":"HS256","kid":"../Fixtures/keys/hs256.secret"}"#, payload: $0.claims("alice"))
        },
        .bearer("SQL in kid", "unknown_key") { $0.token(header: #"{"alg":"HS256","kid":"' OR '1'='1"}"#, payload: $0.claims("alice")) },
        .bearer("SQL union in kid", "unknown_key") {
            $0.token(header: #"{"alg":"HS256","kid":"x' UNION SELECT 'secret' --"}"#, payload: $0.claims("alice"), key: Array("secret".utf8))
        },
        .bearer("kid not a string", "malformed_token") { $0.token(header: #"{"alg":"HS256","kid":7}"#, payload: $0.claims("alice")) },
        // keys carried or pointed to by the token
        .bearer("jku header", "unsupported_header") {
            $0.token(header: #"{"alg":"HS256","jku":"https://evil.example/jwks.json"}"#, payload: $0.claims("alice"))
        },
        .bearer("x5u header", "unsupported_header") {
            $0.token(header: #"{"alg":"HS256","x5u":"https://evil.example/cert.pem"}"#, payload: $0.claims("alice"))
        },
        .bearer("jwk header with an embedded HMAC key", "unsupported_header") {
            $0.token(header: #"{"alg":"HS256","jwk":{"kty":"oct","k":"\#(b64("attacker"))"}}"#, payload: $0.claims("alice"), key: Array("attacker".utf8))
        },
        .bearer("x5c header", "unsupported_header") { $0.token(header: #"{"alg":"HS256","x5c":["MIIB"]}"#, payload: $0.claims("alice")) },
        .bearer("crit with an unknown extension", "crit_header") {
            $0.token(header: #"{"alg":"HS256","crit":["x-evil"],"x-evil":1}"#, payload: $0.claims("alice"))
        },
        .bearer("crit b64 false", "crit_header") { $0.token(header: #"{"alg":"HS256","crit":["b64"],"b64":false}"#, payload: $0.claims("alice")) },
        // duplicate members (validly signed)
        .bearer("duplicate alg in header", "duplicate_json_member") { $0.token(header: #"{"alg":"HS256","alg":"none"}"#, payload: $0.claims("alice")) },
        .bearer("duplicate sub in payload", "duplicate_json_member") { $0.token(payload: $0.claims("alice", extra: #","sub":"bob""#)) },
        .bearer("duplicate exp in payload", "duplicate_json_member") { $0.token(payload: $0.claims("alice", exp: -3600, extra: #","exp":4102444800"#)) },
        .bearer("escaped duplicate sub in payload", "duplicate_json_member") { $0.token(payload: $0.claims("alice", extra: #","s\u0075b":"bob""#)) },
        // claims
        .bearer("expired", "token_expired") { $0.token(payload: $0.claims("alice", exp: -3600)) },
        .bearer("not yet valid", "token_not_yet_valid") { $0.token(payload: $0.claims("alice", extra: #","nbf":\#($0.now + 3600)"#)) },
        .bearer("wrong iss", "invalid_issuer") {
            $0.token(payload: #"{"sub":"alice","iss":"https://evil.example","aud":"\#(TokenMinter.audience)","exp":\#($0.now + 600)}"#)
        },
        .bearer("wrong aud", "invalid_audience") {
            $0.token(payload: #"{"sub":"alice","iss":"\#(TokenMinter.issuer)","aud":["other"],"exp":\#($0.now + 600)}"#)
        },
        .bearer("no exp", "missing_exp") { $0.token(payload: #"{"sub":"alice","iss":"\#(TokenMinter.issuer)","aud":"\#(TokenMinter.audience)"}"#) },
        .bearer("nbf as a string", "invalid_claim") { $0.token(payload: $0.claims("alice", extra: #","nbf":"0""#)) },
        .bearer("no sub", "missing_sub") {
            $0.token(payload: #"{"iss":"\#(TokenMinter.issuer)","aud":"\#(TokenMinter.audience)","exp":\#($0.now + 600)}"#)
        },
        // signatures
        .bearer("stripped signature", "bad_signature") { String($0.valid("alice").prefix { $0 != "." }) + "." + b64($0.claims("alice")) + "." },
        .bearer("signed with another secret", "bad_signature") { $0.token(payload: $0.claims("alice"), key: Array("not-the-secret-0123456789abcdef".utf8)) },
        .bearer("alice's signature on bob's claims", "bad_signature") {
            let alice = $0.valid("alice").split(separator: ".")
            return "\(alice[0]).\(b64($0.claims("bob"))).\(alice[2])"
        },
        .bearer("signature truncated by one character", "bad_signature") { String($0.valid("alice").dropLast()) },
        // encoding
        .bearer("header not base64url", "malformed_authorization") { "!!!." + String($0.valid("alice").split(separator: ".")[1]) + ".sig" },
        .bearer("standard base64 in the header", "malformed_token") { $0.sign("eyJhbGciOiJIUzI1NiJ9+/." + b64($0.claims("alice"))) },
        .bearer("payload not base64url, validly signed", "malformed_authorization") { $0.sign(b64(#"{"alg":"HS256"}"#) + ".@@@@") },
        .bearer("header base64url of a non-object", "malformed_token") { $0.sign(b64(#""HS256""#) + "." + b64($0.claims("alice"))) },
        .bearer("header base64url with a bad final character", "malformed_token") { $0.sign("eyJhbGciOiJIUzI1NiJ9B." + b64($0.claims("alice"))) },
        .bearer("payload not JSON", "malformed_token") { $0.token(payload: "alice") },
        .bearer("payload a JSON array", "malformed_token") { $0.token(payload: #"["alice"]"#) },
        .bearer("four segments", "malformed_token") { $0.valid("alice") + ".AAAA" },
        .bearer("two segments", "malformed_token") { String($0.valid("alice").split(separator: ".").prefix(2).joined(separator: ".")) },
        .bearer("padding on every segment", nil) { $0.valid("alice").split(separator: ".").map { $0 + "==" }.joined(separator: ".") + "=" },
        .bearer("padding on the signature", nil) { $0.valid("alice") + "=" },
        .bearer("padding inside the header segment", nil) {
            let parts = $0.valid("alice").split(separator: ".")
            return "\(parts[0])=.\(parts[1]).\(parts[2])"
        },
        .bearer("oversized", "token_too_large") { $0.token(payload: $0.claims("alice", extra: #","pad":"\#(String(repeating: "x", count: 9000))""#)) },
        .bearer("oversized garbage", "token_too_large") { _ in String(repeating: "a", count: 20_000) },
        .bearer("empty token after Bearer", "malformed_authorization") { _ in "" },
    ]

    /// Authorization header shapes around a valid alice token.
    static let authorization: [Attack] = [
        Attack(name: "whitespace inside a segment", reason: "malformed_authorization") {
            let parts = $0.minter.valid("alice").split(separator: ".")
            return [("Authorization", "Bearer \(parts[0]). \(parts[1]).\(parts[2])")]
        },
        Attack(name: "tab inside the token", reason: "malformed_authorization") {
            [("Authorization", "Bearer " + $0.minter.valid("alice").replacingOccurrences(of: ".", with: ".\t"))]
        },
        Attack(name: "Bearer with two spaces", reason: "malformed_authorization") { [("Authorization", "Bearer  " + $0.minter.valid("alice"))] },
        Attack(name: "Bearer with a tab", reason: "malformed_authorization") { [("Authorization", "Bearer\t" + $0.minter.valid("alice"))] },
        Attack(name: "Bearer, token and a second token", reason: "malformed_authorization") {
            [("Authorization", "Bearer \($0.minter.valid("alice")) \($0.minter.valid("bob"))")]
        },
        Attack(name: "Bearer with trailing spaces", statuses: [200, 401], allowedUser: "alice") {
            [("Authorization", "Bearer \($0.minter.valid("alice"))   ")]
        },
        Attack(name: "Basic scheme", reason: "malformed_authorization") { _ in [("Authorization", "Basic YWxpY2U6cGFzc3dvcmQ=")] },
        Attack(name: "two Authorization headers, alice then bob", reason: "multiple_authorization_headers") {
            [("Authorization", "Bearer " + $0.minter.valid("alice")), ("Authorization", "Bearer " + $0.minter.valid("bob"))]
        },
        Attack(name: "fifty Authorization headers", reason: "multiple_authorization_headers") { context in
            (0..<50).map { _ in ("Authorization", "Bearer " + context.minter.valid("bob")) }
        },
        Attack(name: "a bad and a good Authorization header", reason: "multiple_authorization_headers") {
            [("Authorization", "Bearer x.y.z"), ("Authorization", "Bearer " + $0.minter.valid("alice"))]
        },
        Attack(name: "alice's session with bob's token", reason: "credential_mismatch") {
            [("Cookie", $0.cookie($0.alice)), ("Authorization", "Bearer " + $0.minter.valid("bob"))]
        },
    ]

    /// Session cookie attacks (alice's and bob's are real sessions).
    static let cookies: [Attack] = [
        .cookie("guessed id", "session_not_found") { $0.cookie(SessionToken.generate().value) },
        .cookie("guessed id of all zero bytes", "session_not_found") { $0.cookie(Base64URL.encode([UInt8](repeating: 0, count: 32))) },
        .cookie("truncated by one character", "malformed_cookie") { $0.cookie(String($0.alice.dropLast())) },
        .cookie("truncated to half", "malformed_cookie") { $0.cookie(String($0.alice.prefix(21))) },
        .cookie("one character longer", "malformed_cookie") { $0.cookie($0.alice + "A") },
        .cookie("bob's prefix with other bytes", nil) { $0.cookie(String($0.bob.prefix(40)) + String($0.alice.suffix(3))) },
        .cookie("bob's id with the last character changed", nil) {
            $0.cookie(String($0.bob.dropLast()) + ($0.bob.hasSuffix("A") ? "Q" : "A"))
        },
        .cookie("alice's id in standard base64", nil) {
            let standard = $0.alice.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            return $0.cookie(standard == $0.alice ? standard + "=" : standard)
        },
        .cookie("alice's id padded", "malformed_cookie") { $0.cookie($0.alice + "=") },
        .cookie("alice's and bob's in one header", "duplicate_session_cookie") { "\($0.cookie($0.alice)); \($0.cookie($0.bob))" },
        .cookie("a guessed id and bob's", "duplicate_session_cookie") { "\($0.cookie(SessionToken.generate().value)); \($0.cookie($0.bob))" },
        .cookie("empty and bob's", "duplicate_session_cookie") { "\($0.cookie("")); \($0.cookie($0.bob))" },
        Attack(name: "alice's and bob's in two headers", reason: "duplicate_session_cookie") {
            [("Cookie", $0.cookie($0.alice)), ("Cookie", $0.cookie($0.bob))]
        },
        .cookie("oversized value", "malformed_cookie") { $0.cookie(String(repeating: "A", count: 4096)) },
        .cookie("oversized header of many cookies", "malformed_cookie") {
            (0..<200).map { "c\($0)=\(String(repeating: "v", count: 30))" }.joined(separator: "; ") + "; " + $0.cookie("short")
        },
        .cookie("SQL as the cookie value", "malformed_cookie") { $0.cookie("'%20OR%20'1'%3D'1") },
        .cookie("the cookie name in upper case", "authentication_required") { "\(AttackContext.cookieName.uppercased())=\($0.bob)" },
        .cookie("bob's id in another cookie's name", "authentication_required") { "x\(AttackContext.cookieName)=\($0.bob)" },
        Attack(name: "alice's id quoted", statuses: [200, 401], allowedUser: "alice") { [("Cookie", $0.cookie("\"\($0.alice)\""))] },
    ]

    /// Cross-site writes with alice's session cookie.
    static let csrf: [Attack] = [
        .csrf("no Origin, no Sec-Fetch-Site, no Referer (not a browser)", allowed: true) { _ in [] },
        .csrf("own Origin", allowed: true) { [("Origin", $0.origin)] },
        .csrf("null Origin") { _ in [("Origin", "null")] },
        .csrf("null Origin with same-origin fetch metadata") { _ in [("Origin", "null"), ("Sec-Fetch-Site", "same-origin")] },
        .csrf("Origin with another port") { [("Origin", "http://127.0.0.1:\($0.port == 65535 ? 1 : $0.port + 1)")] },
        .csrf("Origin with the default port") { _ in [("Origin", "http://127.0.0.1:80")] },
        .csrf("Origin without the port") { _ in [("Origin", "http://127.0.0.1")] },
        .csrf("Origin with a trailing dot") { [("Origin", "http://127.0.0.1.:\($0.port)")] },
        .csrf("Origin with a trailing slash") { [("Origin", $0.origin + "/")] },
        .csrf("Origin over https") { [("Origin", "https://127.0.0.1:\($0.port)")] },
        .csrf("look-alike: own origin as a subdomain") { [("Origin", "http://127.0.0.1.evil.example:\($0.port)")] },
        .csrf("look-alike: own origin as a userinfo") { [("Origin", "http://127.0.0.1:\($0.port)@evil.example")] },
        .csrf("look-alike: localhost") { [("Origin", "http://localhost:\($0.port)")] },
        .csrf("look-alike: IPv6 loopback") { [("Origin", "http://[::1]:\($0.port)")] },
        .csrf("look-alike: decimal IP") { [("Origin", "http://2130706433:\($0.port)")] },
        .csrf("own Origin but cross-site fetch metadata") { [("Origin", $0.origin), ("Sec-Fetch-Site", "cross-site")] },
        .csrf("cross-site fetch metadata alone") { _ in [("Sec-Fetch-Site", "cross-site")] },
        .csrf("same-site fetch metadata alone") { _ in [("Sec-Fetch-Site", "same-site")] },
        .csrf("no Origin, look-alike Referer") { [("Referer", "http://127.0.0.1:\($0.port).evil.example/form")] },
        .csrf("no Origin, Referer with userinfo") { [("Referer", "http://127.0.0.1:\($0.port)@evil.example/form")] },
        .csrf("no Origin, relative Referer") { _ in [("Referer", "/form")] },
    ]

    static let all = jwt + authorization + cookies + csrf

    static let rsaPublicPEM: [UInt8] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return Array(try! Data(contentsOf: root.appendingPathComponent("Fixtures/keys/rsa-public.pem")))
    }()
}
