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
        let tail = text.count % 4
        if tail == 1 { return nil }
        precondition(out.count >= text.count * 3 / 4, "base64url output buffer too small")
        return decodeTable.withUnsafeBufferPointer { table -> Int? in
            // Four characters make three bytes; a character outside the alphabet maps to 0xFF, whose high bits
            // survive the OR of the four values.
            func value(_ index: Int) -> UInt32 { UInt32(table[Int(text[index])]) }
            var count = 0
            var index = 0
            while index + 4 <= text.count {
                let (a, b, c, d) = (value(index), value(index + 1), value(index + 2), value(index + 3))
                guard (a | b | c | d) & 0xC0 == 0 else { return nil }
                let n = a << 18 | b << 12 | c << 6 | d
                out[count] = UInt8(truncatingIfNeeded: n >> 16)
                out[count + 1] = UInt8(truncatingIfNeeded: n >> 8)
                out[count + 2] = UInt8(truncatingIfNeeded: n)
                count += 3
                index += 4
            }
            guard tail > 0 else { return count }
            let (a, b) = (value(index), value(index + 1))
            let c = tail == 3 ? value(index + 2) : 0
            guard (a | b | c) & 0xC0 == 0 else { return nil }
            let n = a << 18 | b << 12 | c << 6
            // Leftover bits must be zero: otherwise two strings would decode to the same bytes.
            guard n & (tail == 2 ? 0xFFFF : 0xFF) == 0 else { return nil }
            out[count] = UInt8(truncatingIfNeeded: n >> 16)
            if tail == 3 { out[count + 1] = UInt8(truncatingIfNeeded: n >> 8) }
            return count + tail - 1
        }
    }

    /// Decodes strict base64url text.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }
}
