public import Foundation

extension SessionData {
    /// The data as compact JSON with sorted keys: the form stores keep.
    public func jsonText() throws(SessionStoreError) -> String {
        do {
            return String(decoding: try Self.encoder.encode(self), as: UTF8.self)
        } catch {
            throw SessionStoreError(.invalidData, "session data cannot be encoded as JSON (a number that is NaN or infinite?)")
        }
    }

    /// Decodes data a store kept as JSON text.
    public init(jsonText: String) throws(SessionStoreError) {
        do {
            self = try JSONDecoder().decode(SessionData.self, from: Data(jsonText.utf8))
        } catch {
            throw SessionStoreError(.invalidData, "a stored session does not hold valid session JSON")
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
