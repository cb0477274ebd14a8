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

    /// The `Vary` every decision adds: responses differ by the headers the CSRF check reads. An adapter may convert
    /// it once, up front.
    public static let vary = HTTPHeaderField("Vary", "Origin, Sec-Fetch-Site")
}
