import AuthBridge
import Foundation

extension SessionStoreConformance {
    func checkCreateAndRead(_ store: some SessionStore) async throws {
        let expect = Expect(check: .createAndRead)
        let user = newUser()
        var original = record(user: user, data: richData(user: user))
        original.lastSeenAt = original.lastSeenAt.addingTimeInterval(0.456)
        original.idleExpiresAt = original.idleExpiresAt.addingTimeInterval(0.789)
        original.absoluteExpiresAt = original.absoluteExpiresAt.addingTimeInterval(0.001)
        try await store.create(original)
        try expect.same(try await store.read(original.key), original, "read after create")

        var versioned = record(user: user)
        versioned.version = 42
        try await store.create(versioned)
        try expect.same(try await store.read(versioned.key), versioned, "a record created at version 42")

        let missing = try await store.read(SessionToken.generate().key)
        try expect.that(missing == nil, "reading a key never created returned a session")
    }

    func checkDuplicateKey(_ store: some SessionStore) async throws {
        let expect = Expect(check: .duplicateKey)
        let original = record(user: newUser())
        try await store.create(original)
        var clash = record(user: newUser())
        clash.key = original.key
        try await expect.error(.duplicateKey, "creating a second session with the same key") {
            try await store.create(clash)
        }
        try expect.same(try await store.read(original.key), original, "the first session after the clash")
        try expect.that(try await store.list(userID: clash.userID).isEmpty, "the clashing session was listed")
    }

    func checkTouch(_ store: some SessionStore) async throws {
        let expect = Expect(check: .touch)
        let user = newUser()
        let original = record(user: user, data: richData(user: user))
        try await store.create(original)
        let seen = now.addingTimeInterval(60.25)
        let idle = now.addingTimeInterval(3660.75)
        let touched = try await store.touch(original.key, lastSeenAt: seen, idleExpiresAt: idle)
        try expect.that(touched, "touch of an existing session returned false")
        var expected = original
        expected.lastSeenAt = seen
        expected.idleExpiresAt = idle
        try expect.same(try await store.read(original.key), expected, "read after touch")

        let earlier = now.addingTimeInterval(30)
        try await store.touch(original.key, lastSeenAt: earlier, idleExpiresAt: earlier)
        expected.lastSeenAt = earlier
        expected.idleExpiresAt = earlier
        try expect.same(try await store.read(original.key), expected, "touch sets the deadline it is given")

        let missing = try await store.touch(SessionToken.generate().key, lastSeenAt: seen, idleExpiresAt: idle)
        try expect.that(!missing, "touch of a missing session returned true")
    }

    func checkUpdate(_ store: some SessionStore) async throws {
        let expect = Expect(check: .update)
        let user = newUser()
        let original = record(user: user)
        try await store.create(original)
        let newData = richData(user: user)
        let updated = try await store.update(original.key, data: newData, expectedVersion: 1)
        var expected = original
        expected.data = newData
        expected.version = 2
        try expect.same(updated, expected, "the record update returned")
        try expect.same(try await store.read(original.key), expected, "read after update")

        try await expect.error(.conflict, "an update with a stale version") {
            try await store.update(original.key, data: SessionData(user: SessionUser(id: user)), expectedVersion: 1)
        }
        try expect.same(try await store.read(original.key), expected, "read after a conflicting update")
        try await expect.error(.notFound, "an update of a missing session") {
            try await store.update(SessionToken.generate().key, data: newData, expectedVersion: 1)
        }

        let otherUser = newUser()
        _ = try await store.update(original.key, data: SessionData(user: SessionUser(id: otherUser)), expectedVersion: 2)
        try expect.that(
            try await store.list(userID: otherUser).map(\.key) == [original.key],
            "after an update that changes the user, list(userID:) of the new user misses the session"
        )
        try expect.that(
            try await store.list(userID: user).isEmpty,
            "after an update that changes the user, list(userID:) of the old user still has the session"
        )
    }

    func checkRotate(_ store: some SessionStore) async throws {
        let expect = Expect(check: .rotate)
        let user = newUser()
        let original = record(user: user, data: richData(user: user))
        try await store.create(original)
        let newKey = SessionToken.generate().key
        var expected = original
        expected.key = newKey
        try expect.same(try await store.rotate(original.key, to: newKey), expected, "the record rotate returned")
        try expect.that(try await store.read(original.key) == nil, "the old key still reads a session after rotate")
        try expect.same(try await store.read(newKey), expected, "read of the new key")
        try expect.that(try await store.list(userID: user).map(\.key) == [newKey], "list after rotate")

        let again = try await store.rotate(original.key, to: SessionToken.generate().key)
        try expect.that(again == nil, "rotating a key that is gone returned a session")

        let other = record(user: newUser())
        try await store.create(other)
        try await expect.error(.duplicateKey, "rotating onto a key that is taken") {
            try await store.rotate(newKey, to: other.key)
        }
        try expect.same(try await store.read(newKey), expected, "the rotated session after a refused rotate")
        try expect.same(try await store.read(other.key), other, "the other session after a refused rotate")
    }

    func checkDestroy(_ store: some SessionStore) async throws {
        let expect = Expect(check: .destroy)
        let user = newUser()
        let first = record(user: user)
        let second = record(user: user)
        try await store.create(first)
        try await store.create(second)
        try expect.that(try await store.destroy(first.key), "destroy of an existing session returned false")
        try expect.that(try await store.read(first.key) == nil, "a destroyed session still reads")
        try expect.same(try await store.read(second.key), second, "the user's other session after destroy")
        try expect.that(!(try await store.destroy(first.key)), "a second destroy returned true")
    }

    func checkDestroyAll(_ store: some SessionStore) async throws {
        let expect = Expect(check: .destroyAll)
        let user = newUser()
        let mine = [record(user: user), record(user: user, age: 10), record(user: user, idleLeft: -5)]
        let theirs = record(user: newUser())
        for session in mine + [theirs] { try await store.create(session) }
        let count = try await store.destroyAll(userID: user)
        try expect.that(count == 3, "destroyAll returned \(count), expected 3")
        for session in mine {
            try expect.that(try await store.read(session.key) == nil, "a session survived destroyAll")
        }
        try expect.that(try await store.list(userID: user).isEmpty, "list after destroyAll is not empty")
        try expect.same(try await store.read(theirs.key), theirs, "another user's session after destroyAll")
        try expect.that(try await store.destroyAll(userID: user) == 0, "a second destroyAll deleted something")
        try expect.that(try await store.destroyAll(userID: newUser()) == 0, "destroyAll of an unknown user deleted something")
    }

    func checkList(_ store: some SessionStore) async throws {
        let expect = Expect(check: .list)
        let user = newUser()
        let oldest = record(user: user, age: 300)
        let expired = record(user: user, age: 200, idleLeft: -100)
        let newest = record(user: user, age: 100, data: richData(user: user))
        for session in [newest, oldest, expired, record(user: newUser())] { try await store.create(session) }
        let listed = try await store.list(userID: user)
        try expect.that(
            listed.map(\.key) == [oldest.key, expired.key, newest.key],
            "list returned \(listed.count) sessions, or not oldest first"
        )
        for (got, want) in zip(listed, [oldest, expired, newest]) { try expect.same(got, want, "a listed session") }
        try expect.that(try await store.list(userID: newUser()).isEmpty, "list of an unknown user is not empty")
    }

    func checkPruneExpired(_ store: some SessionStore) async throws {
        let expect = Expect(check: .pruneExpired)
        let user = newUser()
        let live = record(user: user)
        let idleEnded = record(user: user, idleLeft: -1)
        let absoluteEnded = record(user: user, absoluteLeft: -0.5)
        let endsNow = record(user: user, idleLeft: 0)
        let revived = record(user: user, idleLeft: -10)
        for session in [live, idleEnded, absoluteEnded, endsNow, revived] { try await store.create(session) }
        try await store.touch(revived.key, lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(600))

        let early = try await store.pruneExpired(now: now.addingTimeInterval(-3600))
        try expect.that(early == 0, "pruning an hour ago deleted \(early) sessions, expected 0")
        let count = try await store.pruneExpired(now: now)
        try expect.that(count == 3, "pruneExpired returned \(count), expected 3 (idle, absolute, exactly now)")
        for session in [idleEnded, absoluteEnded, endsNow] {
            try expect.that(try await store.read(session.key) == nil, "an expired session survived pruning")
        }
        try expect.same(try await store.read(live.key), live, "a live session after pruning")
        try expect.that(try await store.read(revived.key) != nil, "a session touched back to life was pruned")
        try expect.that(try await store.pruneExpired(now: now) == 0, "a second prune deleted something")
    }
}
