/// A key or key setting that cannot be used; raised at configuration time, never per request.
public struct JWTKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case hmacKeyTooShort, unsupportedAlgorithm, unreadableKey, jwkWithoutAlgorithm, jwkWithoutKeyID, duplicateKeyID, noKeys, noSigningKey }
        fileprivate let value: Value
        public static let hmacKeyTooShort = Code(value: .hmacKeyTooShort)
        public static let unsupportedAlgorithm = Code(value: .unsupportedAlgorithm)
        public static let unreadableKey = Code(value: .unreadableKey)
        public static let jwkWithoutAlgorithm = Code(value: .jwkWithoutAlgorithm)
        public static let jwkWithoutKeyID = Code(value: .jwkWithoutKeyID)
        public static let duplicateKeyID = Code(value: .duplicateKeyID)
        public static let noKeys = Code(value: .noKeys)
        public static let noSigningKey = Code(value: .noSigningKey)
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// Which key or setting, and why; never the key material.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "JWT key error (\(code)): \(detail)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
