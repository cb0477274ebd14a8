public import Foundation

/// Requests counted per minute (or per day) by route, method, path, outcome and reasons.
public struct UsageRollup: Sendable, Hashable {
    /// The start of the minute (or day) the requests fell in.
    public var bucket: Date
    /// The route template.
    public var route: String
    /// The method.
    public var method: String
    /// The credential path.
    public var path: CredentialPath
    /// The outcome.
    public var outcome: UsageEvent.Outcome
    /// The refusal reason code, or `""` when there is none.
    public var reason: String
    /// The dry-run "would refuse" reason code, or `""`.
    public var wouldRefuse: String
    /// How many requests.
    public var count: Int

    /// Creates a rollup row.
    public init(
        bucket: Date, route: String, method: String, path: CredentialPath, outcome: UsageEvent.Outcome,
        reason: String = "", wouldRefuse: String = "", count: Int
    ) {
        self.bucket = bucket
        self.route = route
        self.method = method
        self.path = path
        self.outcome = outcome
        self.reason = reason
        self.wouldRefuse = wouldRefuse
        self.count = count
    }

    /// The same row without its count, for merging.
    var key: UsageRollup {
        var copy = self
        copy.count = 0
        return copy
    }
}

/// The last time a JWT subject and client were seen on a route.
public struct JWTSighting: Sendable, Hashable {
    /// The route template.
    public var route: String
    /// The method.
    public var method: String
    /// The token's `sub`, or `""`.
    public var subject: String
    /// The token's `azp`/`client_id`, else the User-Agent family, or `""`.
    public var client: String
    /// When last seen.
    public var lastSeen: Date
    /// How many requests.
    public var count: Int

    /// Creates a sighting.
    public init(route: String, method: String, subject: String, client: String, lastSeen: Date, count: Int) {
        self.route = route
        self.method = method
        self.subject = subject
        self.client = client
        self.lastSeen = lastSeen
        self.count = count
    }

    /// The client as the report names it: `unknown` when none was known.
    var clientName: String { client.isEmpty ? "unknown" : client }
}

/// A JWT client (its `azp`/`client_id`, else its User-Agent family) seen on a route: low cardinality, so
/// the report can name what blocks each route.
public struct RouteClientSighting: Sendable, Hashable {
    public var route: String
    public var method: String
    /// The client name, `unknown` when none was known.
    public var client: String
    public var lastSeen: Date
    public var count: Int

    /// Creates a sighting.
    public init(route: String, method: String, client: String, lastSeen: Date, count: Int) {
        self.route = route
        self.method = method
        self.client = client
        self.lastSeen = lastSeen
        self.count = count
    }
}

extension RouteClientSighting: MergeableSighting {
    /// What rows are merged by.
    public struct Key: Hashable, Sendable { var route, method, client: String }
    /// The merge key.
    public var key: Key { Key(route: route, method: method, client: client) }
}

/// A JWT subject with its client, seen anywhere: one row per user and client, whatever the route.
public struct ClientSighting: Sendable, Hashable {
    public var subject: String
    public var client: String
    public var lastSeen: Date
    public var count: Int

    /// Creates a sighting.
    public init(subject: String, client: String, lastSeen: Date, count: Int) {
        self.subject = subject
        self.client = client
        self.lastSeen = lastSeen
        self.count = count
    }
}

extension ClientSighting: MergeableSighting {
    /// What rows are merged by.
    public struct Key: Hashable, Sendable { var subject, client: String }
    /// The merge key.
    public var key: Key { Key(subject: subject, client: client) }
}

/// A sighting row that merges with the others of its key: counts add up, the latest time is kept.
public protocol MergeableSighting: Sendable {
    /// What rows are merged by.
    associatedtype Key: Hashable
    /// The merge key.
    var key: Key { get }
    /// How many requests.
    var count: Int { get set }
    /// When last seen.
    var lastSeen: Date { get set }
}

extension MergeableSighting {
    /// Adds another sighting of the same key.
    public mutating func absorb(_ other: Self) {
        count += other.count
        lastSeen = max(lastSeen, other.lastSeen)
    }

    /// Merges `sightings` into `merged`, one row per key.
    public static func merge(_ sightings: some Sequence<Self>, into merged: inout [Key: Self]) {
        for sighting in sightings {
            if merged[sighting.key] == nil { merged[sighting.key] = sighting } else { merged[sighting.key]?.absorb(sighting) }
        }
    }
}

/// What one flush writes: rollups, JWT sightings and how many events were dropped since the last flush.
public struct UsageBatch: Sendable, Hashable {
    /// The instance that recorded the events.
    public var instance: String
    /// When the batch was taken.
    public var takenAt: Date
    /// Per-minute rollups.
    public var rollups: [UsageRollup]
    /// JWT subjects and clients seen.
    public var sightings: [JWTSighting]
    /// Events that could not be kept (the aggregator was full).
    public var dropped: Int

    /// Creates a batch.
    public init(instance: String, takenAt: Date, rollups: [UsageRollup], sightings: [JWTSighting], dropped: Int) {
        self.instance = instance
        self.takenAt = takenAt
        self.rollups = rollups
        self.sightings = sightings
        self.dropped = dropped
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { rollups.isEmpty && sightings.isEmpty && dropped == 0 }

    /// The batch's sightings per route and client (subjects folded together).
    public var routeClientSightings: [RouteClientSighting] {
        var merged: [RouteClientSighting.Key: RouteClientSighting] = [:]
        RouteClientSighting.merge(
            sightings.lazy.map { RouteClientSighting(route: $0.route, method: $0.method, client: $0.clientName, lastSeen: $0.lastSeen, count: $0.count) },
            into: &merged)
        return Array(merged.values)
    }

    /// The batch's sightings per subject and client (routes folded together).
    public var clientSightings: [ClientSighting] {
        var merged: [ClientSighting.Key: ClientSighting] = [:]
        ClientSighting.merge(
            sightings.lazy.map { ClientSighting(subject: $0.subject, client: $0.clientName, lastSeen: $0.lastSeen, count: $0.count) },
            into: &merged)
        return Array(merged.values)
    }

    /// The number of requests the batch accounts for (dropped ones excluded).
    public var requestCount: Int { rollups.reduce(0) { $0 + $1.count } }
}
