import AuthBridge
import AuthBridgeConfig
import Foundation

/// Route patterns as the flags give them: the first line is a comma-separated list (`AUTHBRIDGE_JWT_OFF_ROUTES`),
/// each further line a request route (`METHOD /path` or `/path`). A pattern that parses must parse back from its
/// canonical form to itself and match its own path; the compiled table of all patterns must report a match exactly
/// when some pattern matches on its own, and report one that does.
func fuzzRoutes(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var patterns: [RoutePattern] = []
    for item in lines.first?.split(separator: ",") ?? [] {
        guard let pattern = try? RoutePattern(String(item)) else { continue }
        precondition(
            (try? RoutePattern(pattern.description)) == pattern, "\(pattern.description.debugDescription) parses otherwise")
        precondition(
            pattern.matches(method: pattern.method ?? "GET", route: pattern.path),
            "\(pattern.description.debugDescription) misses its own path")
        patterns.append(pattern)
    }
    let policy = JWTPolicy(offRoutes: patterns)
    for line in lines.dropFirst() {
        let parts = line.split(separator: " ", maxSplits: 1)
        let (method, route) = parts.count == 2 ? (parts[0].uppercased(), String(parts[1])) : ("GET", String(line))
        let matching = patterns.indices.filter { patterns[$0].matches(method: method, route: route) }
        switch policy.evaluate(method: method, route: route, now: Date(timeIntervalSince1970: 0)).rule {
        case .offRoute(let index):
            precondition(matching.contains(index), "the table reports \(patterns[index]) for \(method) \(route.debugDescription)")
        case .none: precondition(matching.isEmpty, "the table misses \(matching) for \(method) \(route.debugDescription)")
        default: preconditionFailure("only off-routes are set")
        }
    }
}

/// Flag values: each line `NAME=VALUE` sets `AUTHBRIDGE_NAME` (variables naming files are skipped: reading a path
/// is not parsing). Start-up must either load or stop with one ``ConfigurationError`` naming a known variable and its
/// accepted values; no secret (the HMAC secret, the store URL's password) may appear in an error, a warning or a
/// printed store URL; the store URL is parsed as the stores parse it.
func fuzzFlags(_ text: String) {
    var environment: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        let name = AuthBridgeEnvironment.prefix + line[..<equals]
        if !name.hasSuffix("_FILE") { environment[name] = String(line[line.index(after: equals)...]) }
    }
    let secrets = secretValues(in: environment)
    func expectNoSecret(_ shown: String) {
        precondition(!secrets.contains { occurrences(of: $0, in: shown) > 0 }, "a secret is shown: \(shown)")
    }
    switch loadSynchronously(environment) {
    case .success(let loaded):
        loaded.warnings.forEach { expectNoSecret("\($0)") }
        expectNoSecret(loaded.redactedStoreURL)
        do {
            expectNoSecret(try StoreURL(parsing: loaded.storeURL).description)
        } catch {
            expectNoSecret("\(error)")
        }
    case .failure(let error):
        guard let variable = ConfigurationVariable.all.first(where: { $0.name == error.variable }) else {
            preconditionFailure("an error names an unknown variable")
        }
        let message = "\(error)"
        precondition(message.contains(variable.name) && message.contains(variable.accepted), "an incomplete error")
        precondition(!variable.isSecret || error.value == nil, "an error keeps a secret's value")
        expectNoSecret(message)
    }
}

/// The secrets set in `environment` that can be told apart in output: at least 8 bytes, present once in the
/// whole environment, and in no variable's name or accepted values.
private func secretValues(in environment: [String: String]) -> [String] {
    var candidates: [String] = []
    if let secret = environment["AUTHBRIDGE_JWT_SECRET"] {
        candidates += [secret, secret.trimmingCharacters(in: .whitespacesAndNewlines)]
    }
    if let url = environment["AUTHBRIDGE_STORE_URL"],
        let components = URLComponents(string: url.trimmingCharacters(in: .whitespacesAndNewlines))
    {
        candidates += [components.password, components.percentEncodedPassword].compactMap { $0 }
    }
    let everything = environment.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    let catalogue = ConfigurationVariable.all.map { "\($0.name) \($0.accepted)" }.joined(separator: "\n")
    return candidates.filter {
        $0.utf8.count >= 8 && occurrences(of: $0, in: everything) == 1 && occurrences(of: $0, in: catalogue) == 0
    }
}

/// Byte-wise occurrences (String's own search compares canonically equivalent characters as equal).
private func occurrences(of needle: String, in haystack: String) -> Int {
    let needle = Array(needle.utf8)
    let haystack = Array(haystack.utf8)
    guard !needle.isEmpty, needle.count <= haystack.count else { return 0 }
    return (0...(haystack.count - needle.count)).count { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}

private func loadSynchronously(_ environment: [String: String]) -> Result<LoadedConfiguration, ConfigurationError> {
    synchronously {
        do throws(ConfigurationError) {
            return .success(try await AuthBridgeEnvironment.load(from: environment))
        } catch {
            return .failure(error)
        }
    }
}
