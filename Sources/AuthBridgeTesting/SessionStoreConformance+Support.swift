import AuthBridge
import Foundation

extension SessionStoreConformance {
    /// Expectations of one check; each failure throws a ``ConformanceFailure`` naming the check.
    struct Expect {
        let check: Check

        func that(_ condition: Bool, _ message: @autoclosure () -> String, line: Int = #line) throws {
            guard condition else { throw failure(message(), line: line) }
        }

        func failure(_ message: String, line: Int = #line) -> ConformanceFailure {
            ConformanceFailure(check: check.rawValue, message: message, location: "SessionStoreConformance:\(line)")
        }

        /// Expects `body` to throw a ``SessionStoreError`` with `code`.
        func error<T>(_ code: SessionStoreError.Code, _ what: String, line: Int = #line, _ body: () async throws -> T)
            async throws
        {
            do {
                _ = try await body()
            } catch let error as SessionStoreError {
                try that(error.code == code, "\(what): expected \(code), got \(error.code) (\(error.detail))", line: line)
                return
            }
            throw failure("\(what): expected \(code), got no error", line: line)
        }

        /// Expects a stored record to equal `expected`, dates within a millisecond.
        func same(_ actual: SessionRecord?, _ expected: SessionRecord, _ what: String, line: Int = #line) throws {
            guard let actual else { throw failure("\(what): the session is missing", line: line) }
            try that(actual.key == expected.key, "\(what): key differs", line: line)
            try that(actual.data == expected.data, "\(what): data differs: \(actual.data) != \(expected.data)", line: line)
            try that(actual.version == expected.version, "\(what): version \(actual.version) != \(expected.version)", line: line)
            let dates: [(String, Date, Date)] = [
                ("createdAt", actual.createdAt, expected.createdAt),
                ("lastSeenAt", actual.lastSeenAt, expected.lastSeenAt),
                ("idleExpiresAt", actual.idleExpiresAt, expected.idleExpiresAt),
                ("absoluteExpiresAt", actual.absoluteExpiresAt, expected.absoluteExpiresAt),
            ]
            for (name, got, want) in dates {
                let drift = abs(got.timeIntervalSince(want))
                try that(drift < 0.001, "\(what): \(name) is off by \(drift) s (more than a millisecond)", line: line)
            }
        }
    }

    /// A new user id no other check uses.
    func newUser() -> String { "user-\(UUID().uuidString.lowercased())" }

    /// A session of `user`, created `age` seconds before now, with millisecond-precise dates.
    func record(
        user: String, age: TimeInterval = 0, idleLeft: TimeInterval = 3600, absoluteLeft: TimeInterval = 7 * 86400,
        data: SessionData? = nil
    ) -> SessionRecord {
        let created = now.addingTimeInterval(-age + 0.123)
        return SessionRecord(
            key: SessionToken.generate().key, data: data ?? SessionData(user: SessionUser(id: user)), version: 1,
            createdAt: created, lastSeenAt: created, idleExpiresAt: now.addingTimeInterval(idleLeft),
            absoluteExpiresAt: now.addingTimeInterval(absoluteLeft)
        )
    }

    /// Data that exercises JSON: Unicode, escapes, NUL, nesting, large and small numbers, null and booleans.
    func richData(user: String) -> SessionData {
        SessionData(
            user: SessionUser(
                id: user, email: "zoë@example.com", name: "Zoë \"Q\" O'Brien\n✓ 🍪 </script>", roles: ["admin", "billing"]
            ),
            fields: [
                "cart": .object(["items": .array([.number(1), .number(2.5), .number(-0.125)]), "coupon": .null]),
                "flags": .array([.bool(true), .bool(false)]),
                "big": .number(9_007_199_254_740_991),
                "tiny": .number(1e-7),
                "text": .string("a/b\\c\u{0}d\t'\"é"),
                "empty": .object([:]),
            ]
        )
    }
}
