/// A session store failure. Never carries a cookie value or a session key.
public struct SessionStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case unavailable, conflict, notFound, invalidConfiguration, incompatibleSchema, duplicateKey, invalidData }
        fileprivate let value: Value
        /// The store could not be reached or did not answer in time: fail closed.
        public static let unavailable = Code(value: .unavailable)
        /// A compare-and-set update lost to another writer.
        public static let conflict = Code(value: .conflict)
        /// The session does not exist.
        public static let notFound = Code(value: .notFound)
        /// A setting (path, URL) cannot be used.
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        /// The database holds a schema this version does not know.
        public static let incompatibleSchema = Code(value: .incompatibleSchema)
        /// A session with that key exists already.
        public static let duplicateKey = Code(value: .duplicateKey)
        /// Session data that cannot be stored as JSON, or a stored row that cannot be read back.
        public static let invalidData = Code(value: .invalidData)
        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public let code: Code
    /// What happened, naming the setting where one is at fault.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "session store \(code): \(detail)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
