import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

struct CachedSessionStoreTests {
    let clock = ManualClock()
    let backing = MemorySessionStore()

    func record(_ user: String, at now: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> (SessionToken, SessionRecord) {
        let token = SessionToken.generate()
        return (token, SessionRecord(
            key: token.key, data: SessionData(user: SessionUser(id: user)), createdAt: now, lastSeenAt: now,
            idleExpiresAt: now + 3600, absoluteExpiresAt: now + 86400))
    }

    @Test func servesRepeatReadsFromMemoryForAtMostMaximumAge() async throws {
        let cached = CachedSessionStore(wrapping: backing, maximumAge: .seconds(1), clock: clock)
        let (token, session) = record("alice")
        try await cached.create(session)
        #expect(try await cached.read(token.key)?.userID == "alice")
        // Another instance (or the CLI) revokes it behind this cache's back.
        try await backing.destroy(token.key)
        clock.advance(by: .milliseconds(900))
        guard case .answered(let fresh?) = cached.readImmediately(token.key) else {
            Issue.record("a read within the bound was not answered from memory")
            return
        }
        #expect(fresh.userID == "alice")
        #expect(try await cached.read(token.key)?.userID == "alice")  // still within the bound
        clock.advance(by: .milliseconds(100))
        guard case .mustWait = cached.readImmediately(token.key) else {
            Issue.record("a read at the bound was answered from memory")
            return
        }
        #expect(try await cached.read(token.key) == nil)  // honoured within one second
    }

    /// A coarse clock's readings lag by up to its resolution, so an entry is served only while its age plus the
    /// resolution is under the bound: no read is older than `maximumAge`, whatever the clock.
    @Test func aCoarseClockKeepsTheBound() async throws {
        let coarse = ManualClock(resolution: .milliseconds(10))
        let cached = CachedSessionStore(wrapping: backing, maximumAge: .seconds(1), clock: coarse)
        let (token, session) = record("alice")
        try await cached.create(session)
        coarse.advance(by: .milliseconds(989))
        guard case .answered(let fresh?) = cached.readImmediately(token.key) else {
            Issue.record("a read a resolution inside the bound was not answered from memory")
            return
        }
        #expect(fresh.userID == "alice")
        coarse.advance(by: .milliseconds(1))
        guard case .mustWait = cached.readImmediately(token.key) else {
            Issue.record("a read within a resolution of the bound was answered from memory")
            return
        }
    }

    /// The default clock reads the kernel's coarse clocks: monotonic, declaring their resolution, and the wall
    /// clock within that resolution of `Date()`.
    @Test func theCoarseClockIsMonotonicAndNearTheWallClock() async throws {
        let clock = CoarseClock()
        #expect(clock.minimumResolution > .zero && clock.minimumResolution <= .milliseconds(20))
        let start = clock.now
        try await clock.sleep(for: .milliseconds(30))
        #expect(start.duration(to: clock.now) >= .milliseconds(30) - clock.minimumResolution)
        let slack = Double(clock.minimumResolution.components.attoseconds) / 1e18 + 0.05
        let (before, coarse, after) = (Date(), CoarseClock.date(), Date())
        #expect(coarse.timeIntervalSince(before) > -slack && coarse.timeIntervalSince(after) < slack)
    }

    @Test func writesThroughThisInstanceTakeEffectAtOnce() async throws {
        let cached = CachedSessionStore(wrapping: backing, clock: clock)
        let (token, session) = record("alice")
        try await cached.create(session)
        _ = try await cached.read(token.key)
        try await cached.destroy(token.key)
        #expect(try await cached.read(token.key) == nil)

        let (other, second) = record("bob")
        try await cached.create(second)
        let next = SessionToken.generate()
        _ = try await cached.rotate(other.key, to: next.key)
        #expect(try await cached.read(other.key) == nil)
        #expect(try await cached.read(next.key)?.userID == "bob")

        let updated = try await cached.update(next.key, data: SessionData(user: SessionUser(id: "bob", name: "Bob")), expectedVersion: 1)
        #expect(try await cached.read(next.key) == updated)
        try await cached.destroyAll(userID: "bob")
        #expect(try await cached.read(next.key) == nil)
    }

    @Test func touchUpdatesTheCachedDeadlines() async throws {
        let cached = CachedSessionStore(wrapping: backing, clock: clock)
        let (token, session) = record("alice")
        try await cached.create(session)
        let later = session.lastSeenAt + 120
        #expect(try await cached.touch(token.key, lastSeenAt: later, idleExpiresAt: later + 3600))
        #expect(try await cached.read(token.key)?.lastSeenAt == later)
        #expect(try await backing.read(token.key)?.lastSeenAt == later)
    }

    @Test func memoryStaysBounded() async throws {
        let cached = CachedSessionStore(wrapping: backing, capacity: 50, clock: clock)
        for index in 0..<200 { try await cached.create(record("u\(index)").1) }
        for _ in 0..<200 { _ = try await cached.read(SessionToken.generate().key) }
        #expect(cached.count <= 50)
    }

    @Test func storeDownStillFailsClosedThroughTheCache() async throws {
        let cached = CachedSessionStore(wrapping: backing, clock: clock)
        await backing.setDown(true)
        await #expect(throws: SessionStoreError(.unavailable, "")) { try await cached.read(SessionToken.generate().key) }
    }
}

struct VerifiedTokenCacheTests {
    @Test func aCachedTokenStillExpiresAndStillMeetsThePolicy() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let clock = TestClock()
        let factory = await TokenFactory.hmac()
        let now = Int(clock.now.timeIntervalSince1970)
        let token = try factory.token(alg: "HS256", claims: ["sub": "bob", "exp": now + 120, "iat": now - 5])
        let verifier = JWTVerifier(settings: JWTSettings(keys: keys))
        #expect(try verifier.verify(token, now: clock.now).get().subject == "bob")
        #expect(verifier.cachedTokenCount == 1)
        #expect(try verifier.verify(token, now: clock.now).get().subject == "bob")  // served from the cache
        #expect(verifier.cachedTokenCount == 1)
        #expect(refusalCode(verifier.verify(token, now: clock.now + 181)) == "token_expired")
        #expect(verifier.cachedTokenCount == 0)  // an expired entry is dropped, not served

        // The policy is applied on every request, cached or not.
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: JWTPolicy(issuedAfter: clock.now)),
            store: MemorySessionStore(), resolver: SessionUserResolver(), now: clock.function)
        let request = AuthRequest(method: "GET", route: "/x", authorization: ["Bearer \(token)"])
        #expect(await auth.authenticate(request).outcome == .invalid(.jwtRevokedByCutover))
        #expect(await auth.authenticate(request).outcome == .invalid(.jwtRevokedByCutover))
    }

    @Test func theCacheIsBoundedAndCanBeSwitchedOff() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let factory = await TokenFactory.hmac()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let bounded = JWTVerifier(settings: JWTSettings(keys: keys, verifiedTokenCacheCapacity: 5))
        let off = JWTVerifier(settings: JWTSettings(keys: keys, verifiedTokenCacheCapacity: 0))
        for index in 0..<20 {
            let token = try factory.token(alg: "HS256", claims: ["sub": "u\(index)", "exp": 1_800_000_600])
            #expect(try bounded.verify(token, now: now).get().subject == "u\(index)")
            #expect(try off.verify(token, now: now).get().subject == "u\(index)")
        }
        // Two generations of two (a capacity of 5 halves to 2); after an even number of new tokens both are full.
        #expect(bounded.cachedTokenCount == 4)
        #expect(off.cachedTokenCount == 0)
    }

    @Test func failuresAreNeverCached() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let verifier = JWTVerifier(settings: JWTSettings(keys: keys))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let factory = await TokenFactory.hmac()
        let early = try factory.token(alg: "HS256", claims: ["sub": "bob", "exp": 1_800_000_600, "nbf": 1_800_000_300])
        #expect(refusalCode(verifier.verify(early, now: now)) == "token_not_yet_valid")
        #expect(verifier.cachedTokenCount == 0)
        #expect(try verifier.verify(early, now: now + 300).get().subject == "bob")
        #expect(verifier.cachedTokenCount == 1)
        #expect(refusalCode(verifier.verify(early + "A", now: now + 300)) != nil)
        #expect(verifier.cachedTokenCount == 1)
    }

    /// The cache finds an entry by the token's length and last bytes: a token that shares both with a cached one
    /// (its signature, on another payload) must be compared whole, and then verified, never served.
    @Test func aTokenSharingACachedTokensSignatureIsVerifiedNotServed() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let verifier = JWTVerifier(settings: JWTSettings(keys: keys))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let factory = await TokenFactory.hmac()
        let bob = try factory.token(alg: "HS256", claims: ["sub": "bob", "exp": 1_800_000_600])
        #expect(try verifier.verify(bob, now: now).get().subject == "bob")
        let eve = try factory.token(alg: "HS256", claims: ["sub": "eve", "exp": 1_800_000_600])
        let signature = bob[bob.index(after: bob.lastIndex(of: ".")!)...]
        let forged = eve[...eve.lastIndex(of: ".")!] + signature
        #expect(forged.utf8.count == bob.utf8.count && forged.suffix(16) == bob.suffix(16) && forged != bob)
        #expect(refusalCode(verifier.verify(String(forged), now: now)) == "bad_signature")
        // One byte changed anywhere in the cached token's body is refused too, and the cached token still answers.
        var bytes = Array(bob.utf8)
        for index in [0, bytes.count / 2, bytes.count - 20] {
            let original = bytes[index]
            bytes[index] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(refusalCode(verifier.verify(String(decoding: bytes, as: UTF8.self), now: now)) != nil)
            bytes[index] = original
        }
        #expect(try verifier.verify(bob, now: now).get().subject == "bob")
        #expect(verifier.cachedTokenCount == 1)
    }
}

extension CachedSessionStoreTests {
    /// A logout through the cache while another request's read is at the store: the read must not put the
    /// logged-out session back into the cache (before the fix it did, for up to a second).
    @Test func aReadThatWaitedDoesNotUndoALogout() async throws {
        let gated = GatedReads(backing)
        let cached = CachedSessionStore(wrapping: gated, maximumAge: .seconds(1), clock: clock)
        let (token, session) = record("alice")
        try await backing.create(session)
        await gated.arm()
        async let raced = cached.read(token.key)
        await gated.waitForReader()  // the read has its answer (alice) and is on its way back
        #expect(try await cached.destroy(token.key))
        await gated.release()
        #expect(try await raced?.userID == "alice")  // it began before the logout
        guard case .mustWait = cached.readImmediately(token.key) else {
            Issue.record("the logged-out session was cached again")
            return
        }
        #expect(try await cached.read(token.key) == nil)
        // A write to another session in between does not keep a read from being cached.
        let (other, second) = record("bob")
        try await backing.create(second)
        let (third, carol) = record("carol")
        try await cached.create(carol)
        await gated.arm()
        async let plain = cached.read(other.key)
        await gated.waitForReader()
        #expect(try await cached.destroy(third.key))
        await gated.release()
        #expect(try await plain?.userID == "bob")
        guard case .answered(let hit?) = cached.readImmediately(other.key) else {
            Issue.record("a read with no write meanwhile was not cached")
            return
        }
        #expect(hit.userID == "bob")
    }
}

/// A store whose next read, once armed and answered, waits to be let go: a test can run a write while that read is
/// on its way back.
private final class GatedReads: SessionStore {
    private let backing: MemorySessionStore
    private let gate = Gate()

    init(_ backing: MemorySessionStore) { self.backing = backing }

    func arm() async { await gate.arm() }
    func waitForReader() async { await gate.waitForArrival() }
    func release() async { await gate.open() }

    func read(_ key: SessionKey) async throws -> SessionRecord? {
        let record = try await backing.read(key)
        await gate.arriveAndWait()
        return record
    }
    func create(_ record: SessionRecord) async throws { try await backing.create(record) }
    func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        try await backing.touch(key, lastSeenAt: lastSeenAt, idleExpiresAt: idleExpiresAt)
    }
    func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        try await backing.update(key, data: data, expectedVersion: expectedVersion)
    }
    func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? {
        try await backing.rotate(key, to: newKey)
    }
    func destroy(_ key: SessionKey) async throws -> Bool { try await backing.destroy(key) }
    func destroyAll(userID: String) async throws -> Int { try await backing.destroyAll(userID: userID) }
    func list(userID: String) async throws -> [SessionRecord] { try await backing.list(userID: userID) }
    func pruneExpired(now: Date) async throws -> Int { try await backing.pruneExpired(now: now) }
}

/// One armed reader at a time: it arrives and waits; the test waits for the arrival, then opens.
private actor Gate {
    private var armed = false
    private var arrived: CheckedContinuation<Void, Never>?
    private var hasArrived = false
    private var reader: CheckedContinuation<Void, Never>?

    func arm() { armed = true }

    func arriveAndWait() async {
        guard armed else { return }
        armed = false
        await withCheckedContinuation { continuation in
            reader = continuation
            hasArrived = true
            arrived?.resume()
            arrived = nil
        }
    }

    func waitForArrival() async {
        if hasArrived { return }
        await withCheckedContinuation { arrived = $0 }
    }

    func open() {
        hasArrived = false
        reader?.resume()
        reader = nil
    }
}
