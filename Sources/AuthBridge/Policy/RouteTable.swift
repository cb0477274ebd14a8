/// Route patterns compiled into a trie over path segments. Matching walks the request route's UTF-8 bytes in
/// place: no regular expression, no splitting, no allocation.
struct RouteTable: Sendable {
    private struct Terminal: Sendable {
        let method: String?
        let rule: Int
    }

    private struct Node: Sendable {
        /// Literal segments, sorted by bytes, and the node each leads to.
        var literals: [(key: [UInt8], child: Int)] = []
        /// The node a one-segment wildcard (`*`, `:name`) leads to.
        var one: Int?
        /// Patterns ending in `**` here.
        var rest: [Terminal] = []
        /// Patterns ending here.
        var end: [Terminal] = []
    }

    private var nodes: [Node] = [Node()]
    /// Whether the table has no rule.
    let isEmpty: Bool

    /// Compiles patterns; a match reports the index of the pattern in `patterns`.
    init(_ patterns: [RoutePattern]) {
        isEmpty = patterns.isEmpty
        for (rule, pattern) in patterns.enumerated() {
            let terminal = Terminal(method: pattern.method, rule: rule)
            var node = 0
            var endsInRest = false
            for segment in pattern.segments {
                switch segment {
                case .literal(let key): node = literalChild(of: node, key)
                case .one: node = oneChild(of: node)
                case .rest: endsInRest = true
                }
            }
            if endsInRest { nodes[node].rest.append(terminal) } else { nodes[node].end.append(terminal) }
        }
    }

    private mutating func literalChild(of node: Int, _ key: [UInt8]) -> Int {
        let position = nodes[node].literals.partitioningIndex { !$0.key.lexicographicallyPrecedes(key) }
        if position < nodes[node].literals.count, nodes[node].literals[position].key == key {
            return nodes[node].literals[position].child
        }
        nodes.append(Node())
        nodes[node].literals.insert((key, nodes.count - 1), at: position)
        return nodes.count - 1
    }

    private mutating func oneChild(of node: Int) -> Int {
        if let one = nodes[node].one { return one }
        nodes.append(Node())
        nodes[node].one = nodes.count - 1
        return nodes.count - 1
    }

    /// The index of the most specific pattern matching `method` (upper case) and `route`, if any. Literal
    /// segments are tried before wildcards, and `**` last.
    func firstMatch(method: String, route: String) -> Int? {
        if isEmpty { return nil }
        if let found = route.utf8.withContiguousStorageIfAvailable({ match(method, $0) }) { return found }
        var contiguous = route
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { match(method, $0) } ?? nil
    }

    private func match(_ method: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        return walk(0, from: 0, to: end, in: bytes, method: method)
    }

    private func walk(_ node: Int, from start: Int, to end: Int, in bytes: UnsafeBufferPointer<UInt8>, method: String)
        -> Int?
    {
        var segmentStart = start
        while segmentStart < end, bytes[segmentStart] == UInt8(ascii: "/") { segmentStart += 1 }
        if segmentStart == end {
            return Self.rule(in: nodes[node].end, method: method) ?? Self.rule(in: nodes[node].rest, method: method)
        }
        var segmentEnd = segmentStart
        while segmentEnd < end, bytes[segmentEnd] != UInt8(ascii: "/") { segmentEnd += 1 }
        let segment = UnsafeBufferPointer(rebasing: bytes[segmentStart..<segmentEnd])
        if let child = literalChild(of: node, segment),
            let found = walk(child, from: segmentEnd, to: end, in: bytes, method: method)
        {
            return found
        }
        if let one = nodes[node].one, let found = walk(one, from: segmentEnd, to: end, in: bytes, method: method) {
            return found
        }
        return Self.rule(in: nodes[node].rest, method: method)
    }

    /// Binary search of a node's literal segments.
    private func literalChild(of node: Int, _ segment: UnsafeBufferPointer<UInt8>) -> Int? {
        let literals = nodes[node].literals
        var low = 0
        var high = literals.count
        while low < high {
            let middle = (low + high) / 2
            let key = literals[middle].key
            if key.elementsEqual(segment) { return literals[middle].child }
            if key.lexicographicallyPrecedes(segment) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The first terminal for `method`; a `GET` rule also covers `HEAD`, which frameworks answer with the GET
    /// handler.
    private static func rule(in terminals: [Terminal], method: String) -> Int? {
        for terminal in terminals where terminal.method == nil || terminal.method == method {
            return terminal.rule
        }
        if method == "HEAD" { return rule(in: terminals, method: "GET") }
        return nil
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for a predicate that is false then true along the array.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
