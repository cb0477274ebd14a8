import AuthBridge
import AuthBridgeConfig
import Foundation

/// The text `authbridge flags` prints: the effective policy, one line per setting, and explanations of single
/// requests. Never shows a secret.
struct FlagsReport {
    let loaded: LoadedConfiguration
    let environment: [String: String]
    let now: Date

    private var policy: JWTPolicy { loaded.configuration.policy }

    /// `[METHOD] /route` as an upper-case method (default `GET`) and a route.
    static func request(_ text: String) -> (method: String, route: String)? {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let route = parts.last, route.hasPrefix("/"), parts.count <= 2 else { return nil }
        let method = parts.count == 2 ? parts[0].uppercased() : "GET"
        guard method.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return (method, route)
    }

    // MARK: The policy

    /// One line per variable, then which routes accept JWTs.
    func policyText() -> String {
        let width = ConfigurationVariable.all.map(\.name.count).max() ?? 0
        var text = ""
        for variable in ConfigurationVariable.all {
            let name = variable.name.padding(toLength: width, withPad: " ", startingAt: 0)
            text += "\(name)  \(value(of: variable))\n"
        }
        text += "JWT accepted on: \(acceptance())\n"
        if let end = policy.brownoutEnd(at: now), policy.mode != .off {
            text += "Brownout in progress: JWTs are refused until \(InternetDate.rfc3339(end))\n"
        }
        return text
    }

    private func value(of variable: ConfigurationVariable) -> String {
        let configuration = loaded.configuration
        let jwt = configuration.jwt
        let sessions = configuration.sessions
        let noKey = "(no JWT key configured)"
        switch variable {
        case .jwtMode: return policy.mode.rawValue
        case .jwtOffRoutes: return list(policy.offRoutes.map(\.description))
        case .jwtOnRoutes: return list(policy.onRoutes.map(\.description))
        case .jwtOffMethods: return list(policy.offMethods.sorted())
        case .jwtIssue: return onOff(policy.issue)
        case .jwtUpgrade: return onOff(policy.upgrade)
        case .jwtUpgradeInterval: return duration(policy.upgradeInterval)
        case .jwtDryRun: return onOff(policy.dryRun)
        case .jwtDeprecation: return header(policy.deprecation.map(InternetDate.rfc3339), "Deprecation")
        case .jwtSunset: return header(policy.sunset.map(InternetDate.rfc3339), "Sunset")
        case .jwtDeprecationLink: return header(policy.deprecationLink, "Link")
        case .jwtBrownouts: return list(policy.brownouts.map { "\($0) (\(phase(of: $0)))" })
        case .jwtIssuedAfter: return policy.issuedAfter.map(InternetDate.rfc3339) ?? "none"
        case .jwtSecret: return environment[variable.name]?.isEmpty == false ? "set (secret, not shown)" : "not set"
        case .jwtAlgorithm:
            guard let jwt else { return noKey }
            let keys = jwt.keys.summary.map { key in key.kid.map { "\(key.algorithm) (kid \($0))" } ?? key.algorithm }
            return list(keys) + (jwt.keys.canSign ? "; signs issued tokens" : "; verifies only")
        case .jwtIssuer: return jwt.map { $0.issuer ?? "any" } ?? noKey
        case .jwtAudience: return jwt.map { $0.audience ?? "any" } ?? noKey
        case .jwtLeeway: return jwt.map { duration($0.leeway) } ?? noKey
        case .jwtRequireExpiration: return jwt.map { onOff($0.requireExpiration) } ?? noKey
        case .jwtTTL: return jwt.map { duration($0.issuedTokenLifetime) } ?? noKey
        case .cookieName: return sessions.effectiveCookieName
        case .cookieSecure: return onOff(sessions.secure)
        case .cookieSameSite: return sessions.sameSite.rawValue
        case .sessionIdleTimeout: return duration(sessions.idleTimeout)
        case .sessionAbsoluteTimeout: return duration(sessions.absoluteLifetime)
        case .sessionTouchInterval: return duration(sessions.touchInterval)
        case .csrfOrigin: return configuration.csrf.ownOrigin ?? "each request's scheme and Host"
        case .csrfAllowedOrigins: return list(configuration.csrf.allowedOrigins.sorted())
        case .storeURL: return loaded.redactedStoreURL
        default:
            // Paths and ids: shown as given (never secrets).
            return variable.isSecret ? "(secret, not shown)" : environment[variable.name] ?? "not set"
        }
    }

    /// Which routes accept JWTs, in the order the rules apply.
    private func acceptance() -> String {
        if policy.mode == .off { return "no route (AUTHBRIDGE_JWT=off)" }
        if loaded.configuration.jwt == nil { return "no route (no JWT key is configured)" }
        var except: [String] = []
        if !policy.offRoutes.isEmpty { except.append("routes \(list(policy.offRoutes.map(\.description)))") }
        if !policy.offMethods.isEmpty { except.append("methods \(list(policy.offMethods.sorted()))") }
        var text = except.isEmpty ? "every route" : "every route except " + except.joined(separator: " and ")
        if !except.isEmpty, !policy.onRoutes.isEmpty {
            text += "; kept on: \(list(policy.onRoutes.map(\.description)))"
        }
        if !policy.brownouts.isEmpty { text += "; none during brownouts" }
        if policy.issuedAfter != nil { text += "; only tokens issued after the cut-over" }
        if policy.dryRun { text += " (dry run: refusals are only recorded)" }
        return text
    }

    // MARK: One request

    /// What a verified JWT on `method` and `route` gets at `now`, from ``JWTPolicy/evaluate(method:route:now:)``:
    /// the same evaluation the ``Authenticator`` runs.
    func explain(method: String, route: String) -> String {
        let evaluation = policy.evaluate(method: method, route: route, now: now)
        var lines: [(String, String)] = [("request", "\(method) \(route)"), ("at", InternetDate.rfc3339(now))]
        switch evaluation.verdict {
        case .accept: lines.append(("verdict", "accept"))
        case .refuse(let reason): lines.append(("verdict", "refuse \(reason.code)"))
        }
        lines.append(("rule", rule(evaluation.rule)))
        lines.append(("response", response(evaluation.verdict)))
        if let issuedAfter = policy.issuedAfter {
            lines.append(
                (
                    "cut-over",
                    "tokens issued before \(InternetDate.rfc3339(issuedAfter)), or without iat, get \(RefusalReason.jwtRevokedByCutover.code)"
                ))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)\n" }.joined()
    }

    private func rule(_ rule: JWTPolicy.Evaluation.Rule) -> String {
        switch rule {
        case .none: "no rule refuses it"
        case .modeOff: "AUTHBRIDGE_JWT=off"
        case .brownout(let index): "AUTHBRIDGE_JWT_BROWNOUTS \(policy.brownouts[index])"
        case .onRoute(let index): "AUTHBRIDGE_JWT_ON_ROUTES \"\(policy.onRoutes[index])\" keeps it on"
        case .offRoute(let index): "AUTHBRIDGE_JWT_OFF_ROUTES \"\(policy.offRoutes[index])\""
        case .offMethod: "AUTHBRIDGE_JWT_OFF_METHODS \(list(policy.offMethods.sorted()))"
        }
    }

    /// The response, as the ``Authenticator`` builds it for a JWT that verifies.
    private func response(_ verdict: JWTPolicy.Verdict) -> String {
        if loaded.configuration.jwt == nil { return refusal(.jwtDisabled) }
        if case .refuse(let reason) = verdict {
            guard policy.dryRun else { return refusal(reason) }
            return "authenticated; dry run records would_refuse=\(reason.code)" + effects()
        }
        return "authenticated" + effects()
    }

    private func refusal(_ reason: RefusalReason) -> String {
        "\(reason.httpStatus) \(reason.code); WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"\(reason.explanation)\""
    }

    private func effects() -> String {
        var parts = policy.deprecationHeaders(now: now).map { "\($0.name): \($0.value)" }
        if policy.upgrade {
            parts.append("Set-Cookie: \(loaded.configuration.sessions.effectiveCookieName)=<new session>")
        }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: "; ")
    }

    // MARK: Formatting

    private func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }
    private func onOff(_ value: Bool) -> String { value ? "on" : "off" }
    private func duration(_ seconds: TimeInterval) -> String { ConfigurationDuration.format(seconds) }

    private func header(_ value: String?, _ name: String) -> String {
        guard let value else { return "none" }
        guard let field = policy.deprecationHeaders(now: now).first(where: { $0.name == name }) else {
            return "\(value) (no header: AUTHBRIDGE_JWT is \(policy.mode.rawValue))"
        }
        return "\(value) -> \(field.name): \(field.value)"
    }

    private func phase(of brownout: Brownout) -> String {
        brownout.contains(now) ? "in progress" : brownout.end <= now ? "past" : "upcoming"
    }
}
