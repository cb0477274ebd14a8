/// A response header the adapter must add.
public struct HTTPHeaderField: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// The `Vary` field every decision's ``AuthDecision/responseHeaders`` start with (adapters may keep it
    /// prebuilt in their framework's form).
    public static let decisionVary = HTTPHeaderField("Vary", "Origin, Sec-Fetch-Site")
}
