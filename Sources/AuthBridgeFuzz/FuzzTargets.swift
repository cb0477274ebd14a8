import AuthBridge
import AuthBridgeTesting
import Foundation

// libFuzzer entry point. Build and run with scripts/fuzz.sh; the parser under test is chosen by
// AUTHBRIDGE_FUZZ_TARGET (bearer, cookie, jwt, json, route, flags, csrf). A crash, a hang, an accepted forgery or a
// broken check aborts.

private let target = ProcessInfo.processInfo.environment["AUTHBRIDGE_FUZZ_TARGET"] ?? "jwt"
private let secret = Array("fuzzing-only-secret-0123456789abcdef".utf8)
private let now = Date(timeIntervalSince1970: 1_800_000_000)

/// The verifier and the tokens it legitimately accepts (the seeds); anything else it accepts is a forgery.
private let verifier: JWTVerifier = synchronously {
    let keys = try! await JWTKeySet.load([.hmac(secret: secret, algorithm: "HS256", kid: "fuzz")])
    return JWTVerifier(settings: JWTSettings(keys: keys, verifiedTokenCacheCapacity: 0))
}

/// Decides cookie requests the way servers do, so the decision's own cookie reading (one pass, no copy of the
/// value) is held against `SessionCookieValue` followed by `SessionToken` (they share the scanner and the
/// decoder, which literal unit tests pin; this checks the two compositions agree). No session exists: a
/// well-formed cookie waits for the store, anything else is decided at once.
private let cookieAuthenticator: Authenticator<SessionUserResolver> = {
    var configuration = AuthBridgeConfiguration()
    configuration.sessions.cookieName = "sid"
    configuration.sessions.secure = false
    return Authenticator(
        configuration: configuration, store: CachedSessionStore(wrapping: MemorySessionStore()),
        resolver: SessionUserResolver(), recorder: UsageAggregator(instance: "fuzz", capacity: 16))
}()

/// What the decision must make of cookie headers, by the public parsers.
private func checkCookieDecision(_ headers: [String]) {
    let decided = cookieAuthenticator.authenticateImmediately(AuthRequest(method: "GET", route: "/", cookies: headers))
    let expected: AuthDecision<SessionUser>.Outcome? =
        switch SessionCookieValue(headers: headers, name: "sid") {
        case .absent: .anonymous
        case .malformed(let reason): .invalid(reason)
        case .value(let value): SessionToken(cookieValue: value) == nil ? .invalid(.malformedCookie) : nil
        }
    switch decided {
    case .decided(let decision): precondition(decision.outcome == expected, "cookie decision disagrees with the parsers")
    case .pending: precondition(expected == nil, "cookie decision waits for a store on a cookie the parsers refuse")
    }
}

private let legitimate: Set<String> = Set(
    (ProcessInfo.processInfo.environment["AUTHBRIDGE_FUZZ_VALID"] ?? "").split(separator: ",").map(String.init))

/// Runs async work to its end from libFuzzer's synchronous callback (the targets' set-up and `flags`' loading).
func synchronously<T>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        semaphore.signal()
    }
    semaphore.wait()
    return box.value!
}

/// Where `synchronously`'s task leaves its result; the semaphore orders the write before the read.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    switch target {
    case "bearer":
        if case .token(let token) = BearerCredential(headers: [text]) {
            precondition(token.utf8.count <= BearerCredential.maximumTokenBytes, "oversized token accepted")
            precondition(!token.contains(" "), "token with a space accepted")
        }
    case "cookie":
        let headers = text.split(separator: "\n").map(String.init)
        checkCookieDecision(headers)
        if case .value(let value) = SessionCookieValue(headers: headers, name: "sid") {
            precondition(value.utf8.allSatisfy { $0 < 0x80 && $0 != 0x20 && $0 != 0x3B }, "unsafe cookie value accepted")
            if let token = SessionToken(cookieValue: value) { precondition(token.value == value, "non-canonical session id accepted") }
        }
    case "route":
        fuzzRoutes(text)
    case "csrf":
        fuzzCSRF(text)
    case "flags":
        fuzzFlags(text)
    case "json":
        _ = try? StrictJSON.parse(bytes)
        if let decoded = Base64URL.decode(bytes) { precondition(Base64URL.encode(decoded) == text, "non-canonical base64url accepted") }
    default:
        if case .success = verifier.verify(text, now: now) {
            precondition(legitimate.contains(text), "FORGERY: a token that was not signed by the key verified")
        }
    }
    return 0
}
