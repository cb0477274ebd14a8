// A helper for the crash-survival test, not part of the library: creates one session in a SQLite store, prints
// `ack`, then waits to be killed.
//
//     store-probe create <path> <key-hex> <user-id>
import AuthBridge
import AuthBridgeSQLite
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 5, arguments[1] == "create", let key = SessionKey(hex: arguments[3]) else {
    FileHandle.standardError.write(Data("usage: store-probe create <path> <key-hex> <user-id>\n".utf8))
    exit(64)
}
do {
    let store = try SQLiteSessionStore(path: arguments[2])
    let now = Date()
    try await store.create(
        SessionRecord(
            key: key, data: SessionData(user: SessionUser(id: arguments[4], roles: ["probe"]), fields: ["pid": .number(Double(getpid()))]),
            createdAt: now, lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(3600),
            absoluteExpiresAt: now.addingTimeInterval(86400)
        )
    )
    FileHandle.standardOutput.write(Data("ack\n".utf8))
    while true { try await Task.sleep(for: .seconds(60)) }
} catch {
    FileHandle.standardError.write(Data("store-probe: \(error)\n".utf8))
    exit(1)
}
