import AuthBridge
import Crypto
import Testing

struct Base64URLTests {
    @Test func roundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(arguments: ["YQ==", "YQ=", "Y Q", "Y+Q", "Y/Q", "YQ\n", "Y", "YR", "YWJj\u{00e9}"])
    func refusesNonCanonicalText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func decodesAnyCollectionAlike() {
        let text = Base64URL.encode(Array(0..<50 as Range<UInt8>))
        let contiguous = Array(text.utf8)
        let other = AnyCollection(text.utf8)  // offers no contiguous storage: decoded through a copy
        #expect(Base64URL.decode(contiguous) == Array(0..<50))
        #expect(Base64URL.decode(other) == Array(0..<50))
        #expect(Base64URL.decode(AnyCollection("YR".utf8)) == nil)
        #expect(Base64URL.decode([UInt8]()) == [])
    }

    @Test func refusesNonZeroTrailingBits() {
        #expect(Base64URL.decode("YQ") == [0x61])
        #expect(Base64URL.decode("YR") == nil)  // same first byte, stray low bits
    }
}

struct StrictJSONTests {
    func parse(_ text: String) throws(StrictJSON.Failure) -> JSONValue {
        try StrictJSON.parse(Array(text.utf8))
    }

    @Test func parsesObjectsWithEveryKind() throws {
        let value = try parse(#"{"a":1.5,"b":[true,false,null],"c":"x\u00e9\ud83d\ude00","d":{"e":-2e3}}"#)
        #expect(value.objectValue?["a"]?.numberValue == 1.5)
        #expect(value.objectValue?["b"]?.arrayValue?.count == 3)
        #expect(value.objectValue?["c"]?.stringValue == "xé😀")
        #expect(value.objectValue?["d"]?.objectValue?["e"]?.numberValue == -2000)
    }

    @Test(arguments: [#"{"a":1,"a":2}"#, #"{"a":{"b":1,"b":1}}"#, #"[{"x":1,"x":1}]"#])
    func refusesDuplicateMembers(_ text: String) {
        #expect(throws: StrictJSON.Failure.duplicateMember) { try parse(text) }
    }

    @Test(arguments: ["1e400", "-1e400", #"{"exp":1e999}"#])
    func refusesNumbersBeyondDouble(_ text: String) {
        #expect(throws: StrictJSON.Failure.numberOutOfRange) { try parse(text) }
    }

    @Test(arguments: [
        "", "{", #"{"a":1,}"#, "[1,]", "01", "1.", "-", ".5", "+1", #"{"a" 1}"#, "{'a':1}", #"{"a":1} x"#,
        #""\ud800""#, #""\x""#, "\"a\u{01}\"", "tru", "NaN", "Infinity",
    ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: StrictJSON.Failure.syntax) { try parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: StrictJSON.Failure.syntax) { try StrictJSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: StrictJSON.Failure.syntax) { try StrictJSON.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // encoded surrogate
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: StrictJSON.Failure.tooDeep) { try parse(deep) }
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: Never.self) { try parse(fine) }
    }
}

struct BearerCredentialTests {
    @Test func acceptsSchemeInAnyCase() {
        for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
            #expect(BearerCredential(headers: ["\(scheme) abc.def.ghi"]) == .token("abc.def.ghi"))
        }
    }

    @Test func absentWithoutHeader() {
        #expect(BearerCredential(headers: []) == .absent)
    }

    @Test func refusesMoreThanOneHeader() {
        #expect(BearerCredential(headers: ["Bearer a", "Bearer a"]) == .malformed(.multipleAuthorizationHeaders))
    }

    @Test(arguments: ["Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Basic dXNlcjpwYXNz", "Bearerabc", "Bearer a\tb", "Bearer a=b", "Bearer é", "Token abc"])
    func refusesMalformedHeaders(_ header: String) {
        #expect(BearerCredential(headers: [header]) == .malformed(.malformedAuthorization))
    }

    @Test func acceptsTheWholeB64TokenAlphabetAndTrailingPadding() {
        let token = "AZaz09-._~+/=="
        #expect(BearerCredential(headers: ["Bearer \(token)"]) == .token(token))
        #expect(BearerCredential(headers: ["Bearer ab==c"]) == .malformed(.malformedAuthorization))
        #expect(BearerCredential(headers: ["Bearer\tabc"]) == .malformed(.malformedAuthorization))
        #expect(BearerCredential(headers: ["Bearer@abc"]) == .malformed(.malformedAuthorization))
    }

    /// The check reads eight bytes at a time: every byte value, at every position of a word and in the last,
    /// partial word, must be judged as the RFC 6750 alphabet says.
    @Test func judgesEveryByteAtEveryPositionByTheAlphabet() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/".utf8)
        var wrong: [String] = []
        for length in [8, 16, 21] {
            for position in 0..<length {
                for byte in 0...255 where byte != Int(UInt8(ascii: "=")) {
                    var token = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    token[position] = UInt8(byte)
                    let header = Array("Bearer ".utf8) + token
                    let parsed = BearerCredential(headers: [String(decoding: header, as: UTF8.self)])
                    let accepted = if case .token = parsed { true } else { false }
                    // Bytes above 0x7F are not valid UTF-8 alone and arrive repaired: refused either way.
                    if accepted != alphabet.contains(UInt8(byte)) { wrong.append("\(byte)@\(position)/\(length)") }
                }
            }
        }
        #expect(wrong.isEmpty)
    }

    @Test func refusesASchemeThatOnlyFoldsLikeBearer() {
        // 0x02 | 0x20 is '"', not 'b': only letters fold onto letters.
        for header in ["\u{02}earer abc", "Bearer\u{00}abc", "Bearer", "bearer=abc", "Bearer =="] {
            #expect(BearerCredential(headers: [header]) == .malformed(.malformedAuthorization), "\(header)")
        }
    }

    @Test func refusesOversizedTokenBeforeParsing() {
        let big = "Bearer " + String(repeating: "a", count: 8193)
        #expect(BearerCredential(headers: [big]) == .malformed(.tokenTooLarge))
        let limit = "Bearer " + String(repeating: "a", count: 8192)
        #expect(BearerCredential(headers: [limit]) == .token(String(repeating: "a", count: 8192)))
    }
}

struct SessionCookieValueTests {
    let valid = SessionToken.generate().value

    @Test func findsTheCookieAmongOthers() {
        let others = (0..<40).map { "c\($0)=v\($0)" }.joined(separator: "; ")
        #expect(SessionCookieValue(headers: [others + "; sid=" + valid], name: "sid") == .value(valid))
        #expect(SessionCookieValue(headers: [others], name: "sid") == .absent)
    }

    @Test func matchesTheWholeNameAndTrimsBlanks() {
        // Leading blanks of a pair and trailing blanks of the value go; the name must match exactly.
        #expect(SessionCookieValue(headers: ["a=1;\t sid=\(valid) \t; b=2"], name: "sid") == .value(valid))
        #expect(SessionCookieValue(headers: ["xsid=\(valid); sidx=\(valid); SID=\(valid)"], name: "sid") == .absent)
        #expect(SessionCookieValue(headers: ["sid =\(valid)"], name: "sid") == .absent)
        #expect(SessionCookieValue(headers: [";;", "", "a=1", "sid=\(valid)"], name: "sid") == .value(valid))
        #expect(SessionCookieValue(headers: ["sid=\(valid)=x"], name: "sid") == .malformed(.malformedCookie))
    }

    @Test func sessionTokenKeepsOnlyTheCanonicalEncoding() throws {
        // The last of the 43 characters for 32 bytes carries 2 spare bits; a non-zero spare bit is another string for the
        // same bytes, and is refused rather than mapped to the same session.
        let token = try #require(SessionToken(cookieValue: valid))
        #expect(token.value == valid)
        let last = valid.last!
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: last)!
        let sibling = String(valid.dropLast()) + String(alphabet[index ^ 1])
        #expect(SessionToken(cookieValue: sibling) == nil)
    }

    @Test func refusesTwoCookiesWithTheName() {
        #expect(SessionCookieValue(headers: ["sid=\(valid); sid=\(valid)"], name: "sid") == .malformed(.duplicateSessionCookie))
        #expect(SessionCookieValue(headers: ["sid=a", "sid=b"], name: "sid") == .malformed(.duplicateSessionCookie))
        // A malformed first value does not hide a second one.
        #expect(SessionCookieValue(headers: ["sid=bad!", "x=1; sid=\(valid)"], name: "sid") == .malformed(.duplicateSessionCookie))
    }

    @Test func aPairsNameEndsAtItsFirstEqualsSign() {
        #expect(SessionCookieValue(headers: ["=v; a=1"], name: "") == .value("v"))
        #expect(SessionCookieValue(headers: ["a=b=c"], name: "a=b") == .absent)
        #expect(SessionCookieValue(headers: ["a=b=c"], name: "a") == .malformed(.malformedCookie))
        #expect(SessionCookieValue(headers: ["sid"], name: "sid") == .absent)
        #expect(SessionCookieValue(headers: ["a=1; sid="], name: "sid") == .malformed(.malformedCookie))
    }

    @Test(arguments: ["sid=", "sid=a b", "sid=\"quoted\"", "sid=a,b", "sid=a\u{00e9}", "sid=" + String(repeating: "a", count: 300)])
    func refusesMalformedValues(_ header: String) {
        #expect(SessionCookieValue(headers: [header], name: "sid") == .malformed(.malformedCookie))
    }

    @Test func sessionTokenParsesOnlyThirtyTwoBytes() {
        let parsed = SessionToken(cookieValue: valid)
        #expect(parsed?.value == valid)
        #expect(parsed != nil && parsed?.key == SessionToken(cookieValue: valid)?.key)
        #expect(parsed?.key != SessionToken(cookieValue: SessionToken.generate().value)?.key)
        #expect(SessionToken(cookieValue: String(valid.dropLast())) == nil)
        #expect(SessionToken(cookieValue: valid + "A") == nil)
        #expect(SessionToken.generate().value != SessionToken.generate().value)
    }

    @Test func sessionKeyIsAHashNotTheToken() {
        let token = SessionToken.generate()
        #expect(token.key.bytes.count == 32)
        #expect(token.key.hex != token.value)
        #expect(Base64URL.decode(token.value) != token.key.bytes)
        #expect(SessionKey(hex: token.key.hex) == token.key)
    }

    @Test func sessionKeyIsTheSHA256OfTheCookieBytes() throws {
        // Stores keep only this hash: a different derivation would log every existing session out.
        for token in [SessionToken.generate(), try #require(SessionToken(cookieValue: valid))] {
            let bytes = try #require(Base64URL.decode(token.value))
            #expect(token.key.bytes == Array(SHA256.hash(data: bytes)))
            #expect(SessionToken(cookieValue: token.value)?.key == token.key)
        }
    }
}

struct AuthRequestHeadersTests {
    /// The two ways an adapter reads the fields: through ``AuthRequest/Headers``, or into the request in place.
    enum Reading: CaseIterable { case headers, inPlace }

    func collect(_ reading: Reading, _ fields: [(String, String)], host: String? = nil) -> AuthRequest {
        switch reading {
        case .headers:
            var headers = AuthRequest.Headers()
            for (name, value) in fields {
                if let name = AuthRequest.HeaderName(name) { headers.add(name, value) }
            }
            return AuthRequest(method: "POST", route: "/api", headers: headers, host: host)
        case .inPlace:
            var request = AuthRequest(method: "POST", route: "/api", host: host)
            for (name, value) in fields {
                if let name = AuthRequest.HeaderName(name) { request.add(name, value) }
            }
            return request
        }
    }

    @Test(arguments: Reading.allCases) func readsTheNamesInAnyCaseAndNothingElse(_ reading: Reading) {
        let request = collect(reading, [
            ("AUTHORIZATION", "Bearer a"), ("cookie", "s=1"), ("Cookie", "t=2"), ("oRiGiN", "https://app.example"),
            ("Referer", "https://app.example/x"), ("SEC-FETCH-SITE", "same-origin"), ("host", "app.example"),
            ("User-Agent", "curl/8"), ("Authorization_", "Bearer b"), ("sec_fetch-site", "cross-site"),
            ("c00kie", "u=3"), ("X-Origin", "https://evil.example"),
        ])
        #expect(request.authorization == ["Bearer a"])
        #expect(request.cookies == ["s=1", "t=2"])
        #expect(request.origin == "https://app.example")
        #expect(request.referer == "https://app.example/x")
        #expect(request.secFetchSite == "same-origin")
        #expect(request.host == "app.example")
        #expect(request.userAgent == "curl/8")
    }

    @Test(arguments: Reading.allCases) func repeatedSingleValueFieldsReadJoined(_ reading: Reading) {
        let request = collect(
            reading,
            [("Origin", "http://127.0.0.1:8080"), ("Origin", "https://evil.example"), ("Host", "a.example"), ("Host", "b.example")])
        #expect(request.origin == "http://127.0.0.1:8080, https://evil.example")
        #expect(request.host == "a.example, b.example")
    }

    @Test func theAuthorityWinsOverHostThroughHeadersAndJoinsItInPlace() {
        #expect(collect(.headers, [("Host", "a.example")], host: "127.0.0.1:8080").host == "127.0.0.1:8080")
        // In place the request holds what it was given: a Host field joins it, as a second Host would.
        #expect(collect(.inPlace, [("Host", "a.example")], host: "127.0.0.1:8080").host == "127.0.0.1:8080, a.example")
    }

    @Test func aControlByteInPlaceOfTheDashIsNotTheName() {
        // 0x0D | 0x20 is "-": only letters may differ in case.
        #expect(AuthRequest.HeaderName("user\u{0D}agent") == nil)
        #expect(AuthRequest.HeaderName("Sec\u{0D}Fetch\u{0D}Site") == nil)
        #expect(AuthRequest.HeaderName("Sec-Fetch-Site") == .secFetchSite)
    }
}
