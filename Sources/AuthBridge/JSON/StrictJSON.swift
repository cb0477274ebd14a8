/// A strict RFC 8259 parser for untrusted input (JOSE headers and JWT payloads).
///
/// Unlike Foundation's decoders it refuses duplicate member names (at every depth), numbers that do not fit a
/// finite `Double` (`1e400`), invalid UTF-8, unpaired surrogates, trailing data and nesting deeper than
/// ``maximumDepth``.
public enum StrictJSON {
    /// Why a document was refused.
    public enum Failure: Error, Sendable, Equatable {
        case syntax
        case duplicateMember
        case numberOutOfRange
        case tooDeep
    }

    /// The deepest nesting accepted.
    public static let maximumDepth = 32

    /// Parses one JSON document.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw .syntax }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ literal: String) throws(Failure) {
            for byte in literal.utf8 {
                guard peek() == byte else { throw .syntax }
                index += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < StrictJSON.maximumDepth else { throw .tooDeep }
            switch peek() {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
                return .number(try number())
            default: throw .syntax
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw .syntax }
                let key = try string()
                skipWhitespace()
                try expect(":")
                skipWhitespace()
                let member = try value(depth: depth + 1)
                guard members.updateValue(member, forKey: key) == nil else { throw .duplicateMember }
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: throw .syntax
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                default: throw .syntax
                }
            }
        }

        mutating func number() throws(Failure) -> Double {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), (0x30...0x39).contains(first) else { throw .syntax }
            index += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard try digitsFollow() else { throw .syntax }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard try digitsFollow() else { throw .syntax }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw .numberOutOfRange }
            return value
        }

        mutating func skipDigits() {
            while let byte = peek(), (0x30...0x39).contains(byte) { index += 1 }
        }

        mutating func digitsFollow() throws(Failure) -> Bool {
            let start = index
            skipDigits()
            return index > start
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            while true {
                guard let byte = peek() else { throw .syntax }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    index += 1
                    scalars.append(try escape())
                case 0x00..<0x20:
                    throw .syntax
                case 0x00..<0x80:
                    scalars.append(Unicode.Scalar(byte))
                    index += 1
                default:
                    scalars.append(try utf8Scalar())
                }
            }
        }

        mutating func utf8Scalar() throws(Failure) -> Unicode.Scalar {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: throw .syntax
            }
            guard index + length <= bytes.count else { throw .syntax }
            var decoder = UTF8()
            var iterator = bytes[index..<index + length].makeIterator()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator), scalar.utf8.count == length else {
                throw .syntax
            }
            index += length
            return scalar
        }

        mutating func escape() throws(Failure) -> Unicode.Scalar {
            guard let byte = peek() else { throw .syntax }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try hex4()
                if (0xD800...0xDBFF).contains(high) {
                    try expect("\\u")
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw .syntax }
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    guard let scalar = Unicode.Scalar(combined) else { throw .syntax }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(high) else { throw .syntax }
                return scalar
            default:
                throw .syntax
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw .syntax }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: throw .syntax
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
