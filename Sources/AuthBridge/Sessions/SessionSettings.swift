public import Foundation

/// Session cookie and lifetime settings.
public struct SessionSettings: Sendable {
    /// The cookie's base name; with `secure` on it is sent as `__Host-<name>`.
    public var cookieName: String
    /// Whether the cookie is `Secure` and `__Host-` prefixed. Switch off only for plain-http development.
    public var secure: Bool
    /// The cookie's `SameSite` attribute.
    public var sameSite: SameSite
    /// Idle timeout: a session unused this long ends. Default 12 hours.
    public var idleTimeout: TimeInterval
    /// Absolute lifetime: a session ends this long after it was created, whatever happens. Default 7 days.
    public var absoluteLifetime: TimeInterval
    /// The idle deadline is written back at most once per this interval. Default 60 s.
    public var touchInterval: TimeInterval

    /// `SameSite` values.
    public enum SameSite: String, Sendable, CaseIterable {
        case strict = "Strict", lax = "Lax", none = "None"
    }

    /// Creates settings with the documented defaults.
    public init(
        cookieName: String = "authbridge_session",
        secure: Bool = true,
        sameSite: SameSite = .lax,
        idleTimeout: TimeInterval = 12 * 3600,
        absoluteLifetime: TimeInterval = 7 * 86400,
        touchInterval: TimeInterval = 60
    ) {
        self.cookieName = cookieName
        self.secure = secure
        self.sameSite = sameSite
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.touchInterval = touchInterval
    }

    /// The name the cookie is sent under.
    public var effectiveCookieName: String { secure ? "__Host-" + cookieName : cookieName }

    /// The `Set-Cookie` value that carries a session token.
    public func setCookie(_ token: SessionToken) -> String {
        cookie(value: token.value, maxAge: Int(absoluteLifetime))
    }

    /// The `Set-Cookie` value that expires the session cookie in the browser.
    public var expireCookie: String { cookie(value: "", maxAge: 0) }

    private func cookie(value: String, maxAge: Int) -> String {
        var parts = ["\(effectiveCookieName)=\(value)", "Max-Age=\(maxAge)", "Path=/", "HttpOnly", "SameSite=\(sameSite.rawValue)"]
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
