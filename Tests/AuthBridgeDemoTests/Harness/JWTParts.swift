import Foundation

/// The header and payload of a compact JWS, decoded without verifying (the server verifies).
struct JWTParts {
    var header: [String: Any]
    var payload: [String: Any]

    init?(_ token: String) {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let header = Self.object(segments[0]), let payload = Self.object(segments[1])
        else { return nil }
        self.header = header
        self.payload = payload
    }

    private static func object(_ segment: Substring) -> [String: Any]? {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
