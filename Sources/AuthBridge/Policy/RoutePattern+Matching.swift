extension RoutePattern {
    /// Whether a request's method and route (template or path) match this pattern, as the policy matches them.
    public func matches(method: String, route: String) -> Bool {
        RouteTable([self]).firstMatch(method: method.uppercased(), route: route) != nil
    }
}
