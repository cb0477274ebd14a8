extension RefusalReason {
    /// The HTTP status a refusal maps to: 503 when the store (or the user lookup) is unavailable, 403 for a
    /// cross-site request, 401 otherwise. Kept here so both adapters answer identically.
    public var httpStatus: Int {
        switch self {
        case .storeUnavailable: 503
        case .crossSiteRequest: 403
        default: 401
        }
    }
}
