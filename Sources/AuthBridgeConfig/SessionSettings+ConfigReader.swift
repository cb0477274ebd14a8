public import AuthBridge
public import Configuration

extension SessionSettings {
    /// Reads the cookie and session lifetimes.
    ///
    /// - Configuration keys:
    ///   - `cookie.name` (default `authbridge_session`), `cookie.secure` (on|off, default on),
    ///     `cookie.samesite` (strict|lax|none, default lax).
    ///   - `session.idleTimeout` (default 12h), `session.absoluteTimeout` (default 7d),
    ///     `session.touchInterval` (default 60s, shorter than the idle timeout). Durations: `90s`, `15m`,
    ///     `12h`, `7d` or seconds.
    /// - Throws: ``ConfigurationError`` naming the first bad variable.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        let settings = SettingReader(reader: reader)
        self.init()
        let tokenCharacters = "!#$%&'*+-.^_`|~"
        cookieName =
            try settings.value(.cookieName) { name in
                let valid = name.allSatisfy {
                    $0.isASCII && ($0.isLetter || $0.isNumber || tokenCharacters.contains($0))
                }
                return valid && !name.hasPrefix("__") ? name : nil
            } ?? cookieName
        secure = try settings.flag(.cookieSecure) ?? secure
        sameSite =
            try settings.value(.cookieSameSite) { text in
                SameSite.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
            } ?? sameSite
        if sameSite == .none, !secure {
            throw ConfigurationError(
                .conflictingValues, .cookieSameSite, value: settings.string(.cookieSameSite),
                detail: "browsers drop SameSite=None cookies that are not Secure (AUTHBRIDGE_COOKIE_SECURE=off)")
        }
        let week = 7 * 86400.0
        idleTimeout = try settings.duration(.sessionIdleTimeout, in: 1...(365 * 86400)) ?? idleTimeout
        absoluteLifetime = try settings.duration(.sessionAbsoluteTimeout, in: 1...(53 * week)) ?? absoluteLifetime
        touchInterval = try settings.duration(.sessionTouchInterval, in: 0...(365 * 86400)) ?? touchInterval
        if touchInterval >= idleTimeout {
            // Name what the operator set: with the touch interval at its default, the idle timeout.
            guard let touchText = settings.string(.sessionTouchInterval) else {
                throw ConfigurationError(
                    .conflictingValues, .sessionIdleTimeout, value: settings.string(.sessionIdleTimeout) ?? "",
                    detail:
                        "it is not longer than the session touch interval (default \(ConfigurationDuration.format(touchInterval))); set AUTHBRIDGE_SESSION_TOUCH_INTERVAL below it"
                )
            }
            throw ConfigurationError(
                .conflictingValues, .sessionTouchInterval, value: touchText,
                detail:
                    "sessions would expire before their idle deadline is written back (idle timeout \(ConfigurationDuration.format(idleTimeout)))"
            )
        }
    }
}
