/// One step of the migration `authbridge demo` walks: a name and the `AUTHBRIDGE_*` flags the server restarts
/// with.
struct MigrationPhase: Sendable {
    let number: Int
    let title: String
    let flags: [(name: String, value: String)]

    static let deprecation = "2026-06-01T00:00:00Z"
    static let sunset = "2027-01-01T00:00:00Z"

    private static let afterIssuance = [("AUTHBRIDGE_JWT_ISSUE", "off"), ("AUTHBRIDGE_JWT_UPGRADE", "on")]
    private static let deprecating = [
        ("AUTHBRIDGE_JWT", "deprecate"), ("AUTHBRIDGE_JWT_DEPRECATION", deprecation), ("AUTHBRIDGE_JWT_SUNSET", sunset),
    ]

    /// The five phases, in order.
    static let all: [MigrationPhase] = [
        MigrationPhase(
            number: 1, title: "dual mode: JWTs and sessions both accepted, login returns both",
            flags: [("AUTHBRIDGE_JWT", "accept"), ("AUTHBRIDGE_JWT_ISSUE", "on"), ("AUTHBRIDGE_JWT_UPGRADE", "off")]),
        MigrationPhase(
            number: 2, title: "issuance off, upgrade on: no new JWTs; a JWT-only request also gets a session",
            flags: [("AUTHBRIDGE_JWT", "accept")] + afterIssuance),
        MigrationPhase(
            number: 3, title: "deprecate: JWT responses carry Deprecation and Sunset headers",
            flags: deprecating + afterIssuance),
        MigrationPhase(
            number: 4, title: "JWT off on write routes: POST, PUT, PATCH and DELETE need the session",
            flags: deprecating + afterIssuance + [("AUTHBRIDGE_JWT_OFF_METHODS", "POST,PUT,PATCH,DELETE")]),
        MigrationPhase(
            number: 5, title: "JWT off everywhere: only sessions sign in",
            flags: [("AUTHBRIDGE_JWT", "off"), ("AUTHBRIDGE_JWT_ISSUE", "off")]),
    ]

    /// What differs from `previous`: set, changed and removed flags.
    func changes(since previous: MigrationPhase?) -> [String] {
        guard let previous else { return ["start"] }
        let before = Dictionary(previous.flags, uniquingKeysWith: { $1 })
        let now = Dictionary(flags, uniquingKeysWith: { $1 })
        var changes: [String] = []
        for (name, value) in flags where before[name] != value {
            changes.append(before[name].map { "\(name) \($0) -> \(value)" } ?? "\(name)=\(value) added")
        }
        for (name, _) in previous.flags where now[name] == nil {
            changes.append("\(name) removed")
        }
        return changes
    }
}
