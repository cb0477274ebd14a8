public import Foundation

/// One request's use of the credential paths: what the usage report is built from.
///
/// Never holds a token, a cookie value or a session key.
public struct UsageEvent: Sendable, Hashable {
    /// How the request was decided.
    public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
        /// A credential authenticated the request.
        case authenticated
        /// No credential was sent.
        case anonymous
        /// Credentials were sent and none was valid; the request went on unauthenticated.
        case invalid
        /// The request was stopped (mismatch, CSRF, store unavailable).
        case refused
    }

    /// When.
    public var time: Date
    /// The route template (or path when the framework has no template).
    public var route: String
    /// The method.
    public var method: String
    /// The path used (or attempted, when nothing authenticated).
    public var path: CredentialPath
    /// The outcome.
    public var outcome: Outcome
    /// Why a credential failed or the request was refused.
    public var reason: String?
    /// In dry-run, why the JWT would have been refused.
    public var wouldRefuse: String?
    /// The JWT's subject, when a verified JWT was sent.
    public var subject: String?
    /// The client: the JWT's `azp`/`client_id`, else the User-Agent family.
    public var client: String?

    /// Creates an event.
    public init(
        time: Date, route: String, method: String, path: CredentialPath, outcome: Outcome, reason: String? = nil,
        wouldRefuse: String? = nil, subject: String? = nil, client: String? = nil
    ) {
        self.time = time
        self.route = route
        self.method = method
        self.path = path
        self.outcome = outcome
        self.reason = reason
        self.wouldRefuse = wouldRefuse
        self.subject = subject
        self.client = client
    }

    /// A coarse family for a User-Agent (`curl`, `okhttp`, `Chrome`, …), never the raw string.
    public static func clientFamily(userAgent: String?) -> String? {
        guard let userAgent, !userAgent.isEmpty else { return nil }
        let families: [(marker: String, family: String)] = [
            ("curl/", "curl"), ("okhttp", "okhttp"), ("python-requests", "python-requests"), ("python-urllib", "python-urllib"),
            ("Go-http-client", "go"), ("axios", "axios"), ("node-fetch", "node-fetch"), ("PostmanRuntime", "postman"),
            ("wrk", "wrk"), ("HeadlessChrome", "HeadlessChrome"), ("Edg/", "Edge"), ("Chrome/", "Chrome"),
            ("Firefox/", "Firefox"), ("Safari/", "Safari"), ("CFNetwork", "CFNetwork"), ("Dalvik", "Android"),
        ]
        for (marker, family) in families where userAgent.contains(marker) {
            return family
        }
        let product = userAgent.prefix { $0 != "/" && $0 != " " }
        return product.isEmpty ? "other" : String(product.prefix(32))
    }
}
