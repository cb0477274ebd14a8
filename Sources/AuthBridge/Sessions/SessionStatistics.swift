public import Foundation

/// Counts of stored sessions, for `authbridge sessions stats`.
public struct SessionStatistics: Sendable, Hashable, Codable {
    /// Sessions stored, expired ones included until pruned.
    public var total: Int
    /// Sessions not yet expired.
    public var active: Int
    /// Users with at least one active session.
    public var activeUsers: Int

    /// Creates statistics.
    public init(total: Int, active: Int, activeUsers: Int) {
        self.total = total
        self.active = active
        self.activeUsers = activeUsers
    }

    /// Sessions expired but not yet pruned.
    public var expired: Int { total - active }
}

/// A session store that can count its sessions.
public protocol SessionStatisticsProviding: SessionStore {
    /// Counts sessions at `now`.
    func statistics(now: Date) async throws -> SessionStatistics
}
