import Foundation
import RawStructuredFieldValues

extension JWTPolicy {
    /// `Deprecation` (RFC 9745, a structured-field date), `Sunset` (RFC 8594, IMF-fixdate) and `Link`.
    static func headerFields(deprecation: Date?, sunset: Date?, link: String?) -> [HTTPHeaderField] {
        var fields: [HTTPHeaderField] = []
        if let deprecation, let value = structuredDate(deprecation) {
            fields.append(HTTPHeaderField("Deprecation", value))
        }
        if let sunset {
            fields.append(HTTPHeaderField("Sunset", InternetDate.imfFixdate(sunset)))
        }
        if let link, (try? checkLink(link)) != nil {
            fields.append(HTTPHeaderField("Link", "<\(link)>; rel=\"deprecation\""))
        }
        return fields
    }

    /// `@1780272000`, written by swift-http-structured-headers (RFC 9651 §3.3.7).
    private static func structuredDate(_ date: Date) -> String? {
        var serializer = StructuredFieldValueSerializer()
        let item = Item(bareItem: RFC9651BareItem.date(InternetDate.epochSeconds(date)), parameters: [:])
        guard let bytes = try? serializer.writeItemFieldValue(item) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The brownout refusal, with an explanation that names when it ends and the sunset when configured.
    static func brownoutReason(until end: Date, sunset: Date?) -> RefusalReason {
        var text = "bearer tokens are refused during a scheduled brownout until \(InternetDate.rfc3339(end))"
        if let sunset {
            text += "; they stop working for good on \(InternetDate.imfFixdate(sunset))"
        }
        return RefusalReason(code: RefusalReason.jwtBrownout.code, explanation: text + "; sign in to get a session")
    }

    /// An absolute `http(s)` URL with no character that would break out of `<...>` in a `Link` header.
    static func checkLink(_ link: String) throws(JWTPolicyError) {
        let lowered = link.lowercased()
        let allowed = link.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && !"<>\"\\^`{|}".unicodeScalars.contains($0)
        }
        guard allowed, lowered.hasPrefix("https://") || lowered.hasPrefix("http://"),
            CSRFSettings.origin(ofURL: link) != nil
        else {
            throw JWTPolicyError(
                .invalidLink, "\"\(link)\" is not an absolute http(s) URL (no spaces, quotes or angle brackets)")
        }
    }
}
