/// Strict base64url (RFC 4648 §5) without padding, as JWS compact serialization requires.
///
/// Decoding refuses padding, whitespace, any character outside `A–Z a–z 0–9 - _`, an impossible length and
/// non-zero trailing bits, so every byte string has exactly one accepted encoding.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes as base64url without padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let n = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let n = UInt32(input[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        case 2:
            let n = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes strict base64url; returns `nil` for anything that is not the one canonical encoding.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard let decoded = text.withContiguousStorageIfAvailable({ text -> [UInt8]? in
            var decoded: Int?
            let bytes = [UInt8](unsafeUninitializedCapacity: text.count * 3 / 4) { out, count in
                decoded = decode(text, into: out)
                count = decoded ?? 0
            }
            return decoded == nil ? nil : bytes
        }) else {
            return decode(Array(text))
        }
        return decoded
    }

    /// Decodes strict base64url into `out`, which holds at least `text.count * 3 / 4` bytes; returns how many
    /// bytes it wrote, or `nil` for anything that is not the one canonical encoding.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        if text.count % 4 == 1 { return nil }
        var count = 0
        var buffer: UInt32 = 0
        var bits = 0
        let table = decodeTable
        for byte in text {
            let value = table[Int(byte)]
            if value == 0xFF { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out[count] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                count += 1
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits must be zero: otherwise two strings would decode to the same bytes.
        return buffer == 0 ? count : nil
    }

    /// Decodes strict base64url text.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }
}
