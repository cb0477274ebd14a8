public import Foundation
import Synchronization

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
    /// The route template (or path when the framework has no template); ``unmatchedRoute`` when no route matched.
    public var route: String
    /// The method; for a request no route matched, `OTHER` unless it is one of HTTP's standard methods.
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

    /// The route usage records for requests no route matched (``AuthRequest/routeMatched`` is `false`): one
    /// entry for them all, so requests for arbitrary paths cannot grow the usage data or the report.
    public static let unmatchedRoute = "(unmatched)"

    /// The method usage records for a request no route matched: a standard method as is, any other as `OTHER`.
    static func unmatchedMethod(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH": method
        default: "OTHER"
        }
    }

    /// A coarse family for a User-Agent (`curl`, `okhttp`, `Chrome`, …), never the raw string.
    public static func clientFamily(userAgent: String?) -> String? {
        guard let userAgent, !userAgent.isEmpty else { return nil }
        if let family = clientFamilyCache.withLock({ $0[userAgent] }) { return family }
        let family = classify(userAgent)
        clientFamilyCache.withLock { cache in
            if cache.count >= clientFamilyCacheCapacity { cache.removeAll(keepingCapacity: true) }
            cache[userAgent] = family
        }
        return family
    }

    private static func classify(_ userAgent: String) -> String {
        var userAgent = userAgent
        let known = userAgent.withUTF8 { bytes in clientFamilyMarkers.first { bytes.firstRange(of: $0.marker) != nil }?.family }
        if let known { return known }
        // Otherwise the product name: at most 32 printable ASCII characters (no controls for a terminal, no
        // kilobytes of combining marks in one character), else `other`.
        let product = userAgent.unicodeScalars.prefix { $0 != "/" && $0 != " " }
        guard !product.isEmpty, product.allSatisfy({ (0x21...0x7E).contains($0.value) }) else { return "other" }
        return String(Substring(product.prefix(32)))
    }
}

/// Families of recently seen User-Agents: a browser's is ~120 bytes, and classifying it takes microseconds.
/// Emptied when full, so junk User-Agents cost a slow lookup but never unbounded memory.
private let clientFamilyCache = Mutex<[String: String]>([:])
private let clientFamilyCacheCapacity = 1_024

/// User-Agent markers in the order they are tried (Edge says Chrome, Chrome says Safari).
private let clientFamilyMarkers: [(marker: [UInt8], family: String)] = [
    ("curl/", "curl"), ("okhttp", "okhttp"), ("python-requests", "python-requests"), ("python-urllib", "python-urllib"),
    ("Go-http-client", "go"), ("axios", "axios"), ("node-fetch", "node-fetch"), ("PostmanRuntime", "postman"),
    ("wrk", "wrk"), ("HeadlessChrome", "HeadlessChrome"), ("Edg/", "Edge"), ("Chrome/", "Chrome"),
    ("Firefox/", "Firefox"), ("Safari/", "Safari"), ("CFNetwork", "CFNetwork"), ("Dalvik", "Android"),
].map { (Array($0.utf8), $1) }
