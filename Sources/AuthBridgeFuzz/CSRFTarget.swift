import AuthBridge

/// CSRF headers of an unsafe cookie request: lines `Origin`, `Referer`, `Sec-Fetch-Site` (an empty line is an absent
/// header). Whatever the check admits must carry no foreign signal, judged byte for byte: a `Sec-Fetch-Site` of
/// `same-origin` or `none` (ASCII case-insensitive) if any, or any of the four values with an `Origin` that is
/// exactly the allowed origin; an `Origin` that is exactly a trusted origin; else a `Referer`, if any, that is one
/// value (no ", ") starting with a trusted origin (ASCII case-insensitive) followed by its end, `/`, `?` or `#`.
func fuzzCSRF(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? nil : String($0) }
    func line(_ index: Int) -> String? { index < lines.count ? lines[index] : nil }
    let (origin, referer, site) = (line(0), line(1), line(2))
    let request = AuthRequest(
        method: "POST", route: "/r", origin: origin, referer: referer, secFetchSite: site, host: "app.example",
        scheme: "https")
    guard csrf.admits(request) else { return }
    let trusted = ["https://app.example", "https://admin.example:8443"].map { Array($0.utf8) }
    if let origin, Array(origin.utf8) == trusted[1], let site {
        let values = ["same-origin", "same-site", "cross-site", "none"].map { Array($0.utf8) }
        precondition(values.contains(asciiLowercased(site)), "admitted Sec-Fetch-Site \(site.debugDescription)")
    } else if let site {
        let admitted = [Array("same-origin".utf8), Array("none".utf8)]
        precondition(admitted.contains(asciiLowercased(site)), "admitted Sec-Fetch-Site \(site.debugDescription)")
    }
    if let origin {
        precondition(trusted.contains(Array(origin.utf8)), "admitted Origin \(origin.debugDescription)")
    } else if let referer {
        let bytes = asciiLowercased(referer)
        // ", " joins two headers (adapters read repeated fields that way): the second could be foreign.
        precondition(bytes.firstRange(of: Array(", ".utf8)) == nil, "admitted two Referers \(referer.debugDescription)")
        precondition(
            trusted.contains { prefix in
                bytes.starts(with: prefix) && (bytes.count == prefix.count || "/?#".utf8.contains(bytes[prefix.count]))
            }, "admitted Referer \(referer.debugDescription)")
    }
}

private let csrf = CSRFSettings(ownOrigin: "https://app.example", allowedOrigins: ["https://admin.example:8443"])

private func asciiLowercased(_ text: String) -> [UInt8] {
    text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
}
