import AuthBridge
import AuthBridgeHummingbird
import HTTPTypes
public import Hummingbird
import Logging

extension DemoServer {
    /// The demo's routes. The AuthBridge part is the middleware line and the `context.authBridge` calls.
    public func router() -> Router<DemoContext> {
        let router = Router(context: DemoContext.self)
        router.add(middleware: AuthBridgeMiddleware(authenticator))
        router.add(middleware: DemoActivityMiddleware(activity: activity))
        router.get("/") { _, _ in DemoPage.response }
        let api = router.group("api")
        api.post("signup") { request, context in try await signup(request, context) }
        api.post("login") { request, context in try await login(request, context) }
        api.post("logout") { _, context in
            try await context.authBridge.logout()
            activity.record { $0.logouts += 1 }
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        for method in [HTTPRequest.Method.get, .post] {
            api.on("dashboard", method: method) { _, context in
                let user = try context.authBridge.requireUser()
                return Response.json(Dashboard(user: user, path: context.authBridge.path.rawValue))
            }
        }
        return router
    }

    /// `POST /api/signup`: a new user, on a fresh session; 409 when the email is taken.
    private func signup(_ request: Request, _ context: DemoContext) async throws -> Response {
        let credentials = try await Credentials.read(from: request)
        guard credentials.hasValidEmail else { throw DemoError.invalidEmail }
        guard credentials.hasValidPassword else { throw DemoError.invalidPassword }
        let hash = try await hasher.hash(credentials.password)
        let user: DemoUser
        do {
            user = try await users.create(email: credentials.email, passwordHash: hash)
        } catch where error.code == .emailTaken {
            throw DemoError.emailTaken
        } catch {
            logger.error("signup failed", metadata: ["error": "\(error)"])
            throw DemoError.usersUnavailable
        }
        let result = try await context.authBridge.login(authenticator.resolver.sessionUser(for: user))
        activity.record { $0.signups += 1 }
        return Response.json(SignedIn(user: user, token: result.jwt), status: .created)
    }

    /// `POST /api/login`: the password checked, then a fresh session (a presented one is destroyed); 401 with
    /// no cookie and no token for a wrong email or password.
    private func login(_ request: Request, _ context: DemoContext) async throws -> Response {
        let credentials = try await Credentials.read(from: request)
        let found: (user: DemoUser, passwordHash: String)?
        do {
            found = try await users.credentials(email: credentials.email)
        } catch {
            logger.error("login lookup failed", metadata: ["error": "\(error)"])
            throw DemoError.usersUnavailable
        }
        let usable = credentials.hasValidPassword ? found?.passwordHash : nil
        guard try await hasher.verify(credentials.password, hash: usable), let user = found?.user else {
            activity.record { $0.failedLogins += 1 }
            throw DemoError.invalidCredentials
        }
        let result = try await context.authBridge.login(authenticator.resolver.sessionUser(for: user))
        activity.record { $0.logins += 1 }
        return Response.json(SignedIn(user: user, token: result.jwt))
    }

    private struct SignedIn: Encodable {
        var user: DemoUser
        var token: String?
    }

    private struct Dashboard: Encodable {
        var user: DemoUser
        var path: String
    }
}
