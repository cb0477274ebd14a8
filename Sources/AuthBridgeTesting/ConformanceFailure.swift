/// A session store broke the contract a ``SessionStoreConformance`` check verifies.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The check that failed.
    public let check: String
    /// What the store did wrong.
    public let message: String
    /// Where in the suite the expectation lives.
    public let location: String

    /// Creates a failure.
    public init(check: String, message: String, location: String) {
        self.check = check
        self.message = message
        self.location = location
    }

    public var description: String { "session store conformance [\(check)]: \(message) (\(location))" }
}
