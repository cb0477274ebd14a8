import AuthBridge
import Testing

struct SessionUserResolverTests {
    let resolver = SessionUserResolver()

    @Test func buildsTheUserFromSubjectEmailNameAndStringRoles() async throws {
        let claims = JWTClaims(
            subject: "u-1", issuer: "https://issuer.example",
            all: [
                "sub": .string("u-1"), "email": .string("ada@example.com"), "name": .string("Ada"),
                "roles": .array([.string("admin"), .number(7), .string("ops")]), "exp": .number(2_000_000_000),
                "scope": .string("read"),
            ])
        let expected = SessionUser(id: "u-1", email: "ada@example.com", name: "Ada", roles: ["admin", "ops"])
        #expect(try await resolver.user(forToken: claims) == expected)
        guard case .answered(let user) = resolver.userImmediately(forToken: claims) else {
            Issue.record("the built-in resolver answers without waiting")
            return
        }
        #expect(user == expected)
    }

    @Test func leavesWhatTheTokenDoesNotSayEmpty() async throws {
        let claims = JWTClaims(subject: "u-2", all: ["sub": .string("u-2"), "email": .number(1), "roles": .string("admin")])
        #expect(try await resolver.user(forToken: claims) == SessionUser(id: "u-2"))
    }

    @Test func noSubjectNoUser() async throws {
        let claims = JWTClaims(subject: nil, all: ["email": .string("ada@example.com")])
        #expect(try await resolver.user(forToken: claims) == nil)
    }
}
