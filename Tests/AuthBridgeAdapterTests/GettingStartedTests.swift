import AuthBridge
import AuthBridgeHummingbird
import AuthBridgeTesting
import AuthBridgeVapor
import Foundation
import NIOHTTP1
import Testing

/// The README's getting-started code: it compiles (it is in this target), it works over real HTTP, and the
/// README shows exactly this code.
@Suite struct GettingStartedTests {
    @Test(arguments: Adapter.allCases)
    func theExampleSignsInAndOut(adapter: Adapter) async throws {
        let store = MemorySessionStore()
        let keys = try await JWTKeySet.load([.hmac(secret: Setup.secret)])
        let flow: (Int) async throws -> Void = { port in
            let client = ExampleClient(port: port)
            let login = try await client.post(
                "/login", json: #"{"email":"ada@example.com","password":"\#(ExampleUser.password)"}"#)
            #expect(login.status == 200)
            #expect(login.body.split(separator: ".").count == 3)
            let cookie = try #require(login.sessionCookie)
            #expect(try await client.get("/me", cookie: cookie).body == "1")
            #expect(try await client.get("/me", bearer: login.body).body == "1")
            #expect(try await client.get("/me").status == 401)
            #expect(try await client.post("/logout", cookie: cookie).status == 204)
            #expect(try await client.get("/me", cookie: cookie).status == 401)
        }
        switch adapter {
        case .vapor:
            try await VaporTestServer.serve({ VaporGettingStarted.configure($0, store: store, keys: keys) }, flow)
        case .hummingbird:
            try await HummingbirdTestServer.serve(HummingbirdGettingStarted.buildRouter(store: store, keys: keys), flow)
        }
    }

    @Test(arguments: ["vapor", "hummingbird"])
    func theReadmeShowsTheCompiledExample(framework: String) throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let file = framework == "vapor" ? "VaporGettingStarted.swift" : "HummingbirdGettingStarted.swift"
        let source = try String(contentsOf: here.appendingPathComponent("GettingStarted/\(file)"), encoding: .utf8)
        #expect(try Self.readme().contains(Self.snippet(framework, in: source)))
    }

    /// The code between the `// README: <framework> begin` and `end` markers, each block dedented, blank-line
    /// separated.
    static func snippet(_ framework: String, in source: String) -> String {
        var blocks: [[Substring]] = []
        var current: [Substring]?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("// README: \(framework) begin") {
                current = []
            } else if line.contains("// README: \(framework) end"), let block = current {
                blocks.append(block)
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks.map { block in
            let indent = block.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
            return block.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    static func readme() throws -> String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let root = here.deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }
}

/// A plain client for the examples (JSON in, text out).
private struct ExampleClient {
    let port: Int

    func get(_ path: String, cookie: String? = nil, bearer: String? = nil) async throws -> TestResponse {
        var headers = cookie.map { [("Cookie", $0)] } ?? []
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        return try await TestClient.send(port: port, .GET, path, headers: headers)
    }

    func post(_ path: String, cookie: String? = nil, json: String? = nil) async throws -> TestResponse {
        var headers = cookie.map { [("Cookie", $0)] } ?? []
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try await TestClient.send(port: port, .POST, path, headers: headers, body: json)
    }
}
