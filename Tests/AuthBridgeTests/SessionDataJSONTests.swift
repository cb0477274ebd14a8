import AuthBridge
import Foundation
import Testing

struct SessionDataJSONTests {
    private let rich = SessionData(
        user: SessionUser(id: "u1", email: "zoë@example.com", name: "Zoë \"Q\"\n🍪", roles: ["admin", "billing"]),
        fields: [
            "cart": .object(["items": .array([.number(1), .number(-0.125)]), "coupon": .null]),
            "flags": .array([.bool(true), .bool(false)]),
            "big": .number(9_007_199_254_740_991),
            "tiny": .number(1e-7),
            "text": .string("a/b\\c\u{0}d"),
        ]
    )

    @Test func roundTripIsExactAndSorted() throws {
        let text = try rich.jsonText()
        #expect(try SessionData(jsonText: text) == rich)
        #expect(text.hasPrefix("{\"fields\":{\"big\":"))
        let decoded = try JSONDecoder().decode(SessionData.self, from: Data(text.utf8))
        #expect(decoded == rich)
    }

    @Test func optionalMembersMayBeAbsent() throws {
        let bare = SessionData(user: SessionUser(id: "u2"))
        #expect(try SessionData(jsonText: bare.jsonText()) == bare)
        #expect(try SessionData(jsonText: #"{"fields":{},"user":{"email":null,"id":"u3","roles":[]}}"#).user.id == "u3")
    }

    @Test func deepFieldsFallBackToTheFoundationDecoder() throws {
        var nested = JSONValue.string("bottom")
        for _ in 0..<40 { nested = .array([nested]) }
        let deep = SessionData(user: SessionUser(id: "u4"), fields: ["deep": nested])
        #expect(try SessionData(jsonText: deep.jsonText()) == deep)
    }

    @Test(arguments: ["", "{}", "[1]", #"{"user":{"id":7,"roles":[]},"fields":{}}"#, "{\"user\":"])
    func invalidStoredJSON(_ text: String) {
        #expect(throws: SessionStoreError(.invalidData, "")) { try SessionData(jsonText: text) }
    }

    @Test func unencodableNumberIsInvalidData() {
        let data = SessionData(user: SessionUser(id: "u"), fields: ["x": .number(.nan)])
        #expect(throws: SessionStoreError(.invalidData, "")) { try data.jsonText() }
    }
}
