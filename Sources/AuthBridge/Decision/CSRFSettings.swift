import Foundation

/// Cross-site request forgery protection for cookie-authenticated requests.
///
/// An unsafe request (POST, PUT, PATCH, DELETE, …) authenticated by the session cookie passes when its `Origin`
/// is one of ``allowedOrigins`` (with any of the four `Sec-Fetch-Site` values). Otherwise it is refused when
/// `Sec-Fetch-Site` is `cross-site`, `same-site` (unless allowed) or anything but `same-origin` and `none`; when
/// `Origin` is present and is not the server's own origin (`null` included); or, with no `Origin`, when `Referer`
/// names a foreign origin. A request with neither `Origin`, `Referer` nor `Sec-Fetch-Site` is not from a browser that
/// could be forged into sending it, and passes. Bearer-only requests are never checked.
public struct CSRFSettings: Sendable {
    /// The server's own origin (`https://app.example.com`); when `nil`, the request's scheme and `Host`.
    public var ownOrigin: String?
    /// Other origins allowed to send unsafe requests, exactly as browsers send them.
    public var allowedOrigins: Set<String>
    /// Whether `Sec-Fetch-Site: same-site` is allowed. Default off.
    public var allowSameSite: Bool

    /// Creates settings.
    public init(ownOrigin: String? = nil, allowedOrigins: Set<String> = [], allowSameSite: Bool = false) {
        self.ownOrigin = ownOrigin
        self.allowedOrigins = allowedOrigins
        self.allowSameSite = allowSameSite
    }

    /// Whether the request passes; call only for unsafe requests the cookie authenticates.
    public func admits(_ request: AuthRequest) -> Bool {
        let fetchSite = request.secFetchSite?.lowercased()
        if let origin = request.origin, allowedOrigins.contains(origin) {
            // An origin the application allowed is another site's page by definition: browsers send it with
            // `same-site` or `cross-site`. Anything but the four values (two headers read as one, say) fails closed.
            return fetchSite.map(Self.fetchSiteValues.contains) ?? true
        }
        switch fetchSite {
        case nil, "same-origin"?, "none"?: break
        case "same-site"? where allowSameSite: break
        default: return false
        }
        if let origin = request.origin {
            return origin == ownOrigin
        }
        if let referer = request.referer {
            // A serialized URL holds no ", ": that is two `Referer` headers read as one. Searched as bytes: by
            // characters, a second value starting with a combining mark would hide the space.
            guard referer.utf8.firstRange(of: ", ".utf8) == nil, let origin = Self.origin(ofURL: referer) else {
                return false
            }
            return isTrusted(origin)
        }
        return true
    }

    private static let fetchSiteValues: Set<String> = ["same-origin", "same-site", "cross-site", "none"]

    private func isTrusted(_ origin: String) -> Bool {
        if allowedOrigins.contains(origin) { return true }
        return origin == ownOrigin
    }

    /// `scheme://host[:port]` of an absolute URL, lower-cased, or `nil`. Read as bytes, and ASCII only: browsers
    /// send hosts in punycode, and Unicode lower-casing maps some letters onto ASCII ones (K, the Kelvin sign,
    /// onto k), which would let another host's name read as ours.
    static func origin(ofURL url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let schemeEnd = bytes.firstRange(of: Array("://".utf8))?.upperBound else { return nil }
        let authorityEnd = bytes[schemeEnd...].firstIndex { "/?#".utf8.contains($0) } ?? bytes.endIndex
        let origin = bytes[..<authorityEnd]
        guard authorityEnd > schemeEnd, origin.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            !bytes[schemeEnd..<authorityEnd].contains(UInt8(ascii: "@"))
        else { return nil }
        return String(decoding: origin.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Settings with the own origin filled in from the request when not configured.
    func resolved(for request: AuthRequest) -> CSRFSettings {
        guard ownOrigin == nil, let host = request.host else { return self }
        var copy = self
        copy.ownOrigin = request.scheme.lowercased() + "://" + host.lowercased()
        return copy
    }
}
