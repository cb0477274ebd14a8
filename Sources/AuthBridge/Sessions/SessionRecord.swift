public import Foundation

/// A stored session.
public struct SessionRecord: Sendable, Hashable {
    /// The hash of the session's token.
    public var key: SessionKey
    /// The user and fields.
    public var data: SessionData
    /// Incremented by every update; updates compare and set it.
    public var version: Int64
    /// When the session was created (login, signup or upgrade).
    public var createdAt: Date
    /// When the session was last touched.
    public var lastSeenAt: Date
    /// When the session ends unless touched again.
    public var idleExpiresAt: Date
    /// When the session ends whatever happens.
    public var absoluteExpiresAt: Date

    /// Creates a record.
    public init(
        key: SessionKey, data: SessionData, version: Int64 = 1, createdAt: Date, lastSeenAt: Date,
        idleExpiresAt: Date, absoluteExpiresAt: Date
    ) {
        self.key = key
        self.data = data
        self.version = version
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.idleExpiresAt = idleExpiresAt
        self.absoluteExpiresAt = absoluteExpiresAt
    }

    /// The user id the session belongs to.
    public var userID: String { data.user.id }

    /// When the session ends if not touched: the earlier deadline.
    public var expiresAt: Date { min(idleExpiresAt, absoluteExpiresAt) }

    /// Whether the session has ended at `now`.
    public func isExpired(at now: Date) -> Bool { now >= expiresAt }
}
