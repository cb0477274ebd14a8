import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt (hummingbird-auth's `HummingbirdBcrypt`), off the request's task:
/// on NIO's thread pool, since a hash takes milliseconds of CPU by design.
public struct PasswordHasher: Sendable {
    /// The cost (log2 rounds) of new hashes.
    public let cost: Int
    /// Checked when an email is unknown, so an unknown email takes as long as a wrong password.
    private let decoy: String

    /// Creates a hasher.
    /// - Parameter cost: log2 rounds, 4...31; each step doubles the work.
    public init(cost: Int) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4...31")
        self.cost = cost
        decoy = Bcrypt.hash("authbridge-demo-decoy", cost: UInt8(cost))
    }

    /// A new salted hash of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash (unknown email) checks a decoy and answers `false`.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let decoy = decoy
        return try await NIOThreadPool.singleton.runIfActive {
            let matches = Bcrypt.verify(password, hash: hash ?? decoy)
            return hash != nil && matches
        }
    }
}
