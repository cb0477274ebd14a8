import Foundation

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
    ///
    /// Reads take this path on every request, so it parses with ``StrictJSON`` and maps the members by hand
    /// (several times faster than `JSONDecoder`), falling back to `JSONDecoder` for what the fast path refuses.
    public init(jsonText: String) throws(SessionStoreError) {
        if let value = try? StrictJSON.parse(Array(jsonText.utf8)), let data = SessionData(json: value) {
            self = data
            return
        }
        do {
            self = try JSONDecoder().decode(SessionData.self, from: Data(jsonText.utf8))
        } catch {
            throw SessionStoreError(.invalidData, "a stored session does not hold valid session JSON")
        }
    }

    /// Maps a parsed document shaped as `Codable` encodes ``SessionData``; `nil` when it is shaped otherwise.
    init?(json: JSONValue) {
        guard case .object(let root) = json, case .object(let user)? = root["user"],
            case .string(let id)? = user["id"], case .array(let roleValues)? = user["roles"]
        else { return nil }
        var roles: [String] = []
        roles.reserveCapacity(roleValues.count)
        for role in roleValues {
            guard case .string(let name) = role else { return nil }
            roles.append(name)
        }
        guard let email = Self.optionalString(user["email"]), let name = Self.optionalString(user["name"]) else {
            return nil
        }
        let fields: [String: JSONValue]
        switch root["fields"] {
        case .object(let members)?: fields = members
        case nil: return nil
        default: return nil
        }
        self.init(user: SessionUser(id: id, email: email, name: name, roles: roles), fields: fields)
    }

    /// `.some(nil)` for an absent or null member, `.some(text)` for a string, `nil` for anything else.
    private static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
