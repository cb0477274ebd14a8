/// One client of the simulated traffic: how it holds credentials and what it does when refused.
struct SimulatedClient: Sendable {
    /// The kinds of client a migration meets.
    enum Kind: Sendable {
        /// A mobile app from before the migration: sends its JWT, ignores cookies.
        case legacyApp
        /// A browser on the new page: the session cookie only.
        case browser
        /// A browser app that keeps the cookie and still sends the JWT it stored.
        case browserWithJWT
        /// A tab opened before the migration: a JWT, no cookie until the server gives it one.
        case oldTab
        /// A script with a long-lived token and no password.
        case script
    }

    let name: String
    let kind: Kind
    let email: String
    let password = "demo password 123"
    var userID: String?
    var cookie: String?
    var token: String?

    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
        self.email = "\(name)@demo.example"
    }

    /// Whether it stores the session cookie it is given and sends it back.
    var keepsCookies: Bool { [.browser, .browserWithJWT, .oldTab].contains(kind) }
    /// Whether it sends `Authorization: Bearer`.
    var sendsToken: Bool { kind != .browser }
    /// Whether it sends `Origin` and `Sec-Fetch-Site` on a POST, as browsers do.
    var isBrowser: Bool { keepsCookies }
    /// Whether it can log in again when refused.
    var canLogIn: Bool { kind != .script }

    var userAgent: String {
        switch kind {
        case .legacyApp: "DemoMobile/2.3 CFNetwork/1490 Darwin/23.0"
        case .script: "nightly-export/1.0"
        case .browser, .browserWithJWT, .oldTab: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"
        }
    }

    var summary: String {
        switch kind {
        case .legacyApp: "legacy app: sends its JWT, ignores cookies"
        case .browser: "browser: the session cookie only"
        case .browserWithJWT: "browser: the session cookie and still its old JWT"
        case .oldTab: "tab opened before the migration: a JWT, no cookie yet"
        case .script: "script with a 30-day JWT; cannot log in"
        }
    }

    /// The clients `authbridge demo` simulates.
    static let roster = [
        SimulatedClient("mobile-1", .legacyApp), SimulatedClient("mobile-2", .legacyApp),
        SimulatedClient("browser-1", .browser), SimulatedClient("browser-2", .browser),
        SimulatedClient("spa-1", .browserWithJWT), SimulatedClient("tab-1", .oldTab),
        SimulatedClient("script-1", .script),
    ]
}
