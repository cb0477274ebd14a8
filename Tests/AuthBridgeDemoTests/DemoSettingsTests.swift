import AuthBridgeConfig
import AuthBridgeDemo
import Testing

/// `AUTHBRIDGE_DEMO_*`: defaults, values, and one ``ConfigurationError`` per bad value.
struct DemoSettingsTests {
    @Test func defaultsListenOnLoopbackPort8080() throws {
        #expect(try DemoSettings(environment: [:]) == DemoSettings(host: "127.0.0.1", port: 8080, bcryptCost: 10))
        let set = try DemoSettings(environment: [
            "AUTHBRIDGE_DEMO_HOST": "0.0.0.0", "AUTHBRIDGE_DEMO_PORT": " 9000 ", "AUTHBRIDGE_DEMO_BCRYPT_COST": "",
        ])
        #expect(set == DemoSettings(host: "0.0.0.0", port: 9000, bcryptCost: 10))
    }

    @Test func cacheUsersFileAndPruneSettingsAreRead() throws {
        let defaults = try DemoSettings(environment: [:])
        #expect(defaults.sessionCache && defaults.sessionCacheMaxAge == .seconds(1))
        #expect(defaults.usersFile == nil && defaults.pruneInterval == .seconds(300))
        let set = try DemoSettings(environment: [
            "AUTHBRIDGE_SESSION_CACHE": "OFF", "AUTHBRIDGE_SESSION_CACHE_MAX_AGE": "250ms",
            "AUTHBRIDGE_DEMO_USERS_FILE": "/srv/users.sqlite", "AUTHBRIDGE_DEMO_PRUNE_INTERVAL": "2m",
        ])
        #expect(!set.sessionCache && set.sessionCacheMaxAge == .milliseconds(250))
        #expect(set.usersFile == "/srv/users.sqlite" && set.pruneInterval == .seconds(120))
    }

    @Test(arguments: [
        (ConfigurationVariable.demoPort, "eighty"), (.demoPort, "65536"), (.demoPort, "-1"), (.demoPort, "８０"),
        (.demoBcryptCost, "3"), (.demoBcryptCost, "32"), (.demoBcryptCost, "ten"), (.demoHost, "a host"),
        (.demoHost, "http://x"), (.sessionCache, "sometimes"), (.sessionCacheMaxAge, "0"),
        (.sessionCacheMaxAge, "61s"), (.sessionCacheMaxAge, "1.5s"), (.demoPruneInterval, "soon"),
    ])
    func aBadValueNamesTheVariable(variable: ConfigurationVariable, value: String) {
        #expect(throws: ConfigurationError.self) { try DemoSettings(environment: [variable.name: value]) }
        do {
            _ = try DemoSettings(environment: [variable.name: value])
        } catch {
            #expect(error.variable == variable.name)
            #expect(error.description == "\(variable.name)=\"\(value)\" is not valid. Accepted: \(variable.accepted).")
        }
    }
}
