public import Foundation
import Synchronization

/// Counts usage events in memory per minute, cheaply and with bounded memory; a ``UsageFlusher`` writes the
/// counts to a ``UsageStore`` in batches.
///
/// `record` takes one lock and updates two dictionaries; it never allocates once a key is known and never
/// waits for I/O. When more than ``capacity`` distinct keys are pending, an event that needs a new key (its
/// rollup or its JWT sighting) is dropped whole and counted, and the count is written with the next batch so the
/// report shows it: a recorded JWT request always has its sighting.
public final class UsageAggregator: UsageRecorder {
    private struct RollupKey: Hashable {
        var minute: Int64
        var route: String
        var method: String
        var path: CredentialPath
        var outcome: UsageEvent.Outcome
        var reason: String
        var wouldRefuse: String

        // Hashes what tells keys apart in practice (equality still compares every field): this runs per request.
        // The two enums go in as one small number; their own `hash(into:)` would hash their raw strings.
        func hash(into hasher: inout Hasher) {
            hasher.combine(minute)
            hasher.combine(route)
            hasher.combine(Self.code(path) << 2 | Self.code(outcome))
        }

        private static func code(_ path: CredentialPath) -> UInt8 {
            switch path {
            case .none: 0
            case .session: 1
            case .jwt: 2
            case .both: 3
            }
        }

        private static func code(_ outcome: UsageEvent.Outcome) -> UInt8 {
            switch outcome {
            case .anonymous: 0
            case .authenticated: 1
            case .invalid: 2
            case .refused: 3
            }
        }
    }

    private struct SightingKey: Hashable {
        var route: String
        var method: String
        var subject: String
        var client: String

        // Hashes the subject and the route only (equality still compares every field): this runs per token request,
        // and one subject rarely calls one route with several methods or clients.
        func hash(into hasher: inout Hasher) {
            hasher.combine(subject)
            hasher.combine(route)
        }
    }

    private struct State {
        var rollups: [RollupKey: Int] = [:]
        var sightings: [SightingKey: (lastSeen: Date, count: Int)] = [:]
        var dropped = 0

        // Known keys are hashed once (index, then update in place): this runs on every request. The two counts
        // stay apart: sharing the capacity check and the rollup update through helpers measured 20–30 ns slower per
        // token request in process.

        /// Counts a request that names no subject.
        mutating func count(_ rollup: RollupKey, capacity: Int) {
            if let index = rollups.index(forKey: rollup) {
                rollups.values[index] += 1
            } else if rollups.count + sightings.count < capacity {
                rollups[rollup] = 1
            } else {
                dropped += 1
            }
        }

        /// Counts a request and its JWT sighting, both or neither: a counted JWT request never lacks its sighting.
        mutating func count(_ rollup: RollupKey, _ sighting: SightingKey, at time: Date, capacity: Int) {
            let rollupIndex = rollups.index(forKey: rollup)
            let sightingIndex = sightings.index(forKey: sighting)
            let newKeys = (rollupIndex == nil ? 1 : 0) + (sightingIndex == nil ? 1 : 0)
            guard newKeys == 0 || rollups.count + sightings.count + newKeys <= capacity else {
                dropped += 1
                return
            }
            if let rollupIndex { rollups.values[rollupIndex] += 1 } else { rollups[rollup] = 1 }
            if let sightingIndex {
                let seen = sightings.values[sightingIndex]
                sightings.values[sightingIndex] = (max(seen.lastSeen, time), seen.count + 1)
            } else {
                sightings[sighting] = (time, 1)
            }
        }
    }

    private let state = Mutex(State())
    /// The instance name written with every batch.
    public let instance: String
    /// The most distinct pending keys (rollups plus sightings) kept between flushes.
    public let capacity: Int

    /// Creates an aggregator.
    /// - Parameters:
    ///   - instance: a name for this server process (host name and port, say).
    ///   - capacity: the most distinct keys held between flushes; bounds memory.
    public init(instance: String, capacity: Int = 50_000) {
        self.instance = instance
        self.capacity = capacity
    }

    public func record(_ event: UsageEvent) {
        let minute = Int64((event.time.timeIntervalSince1970 / 60).rounded(.down))
        let rollup = RollupKey(
            minute: minute, route: event.route, method: event.method, path: event.path, outcome: event.outcome,
            reason: event.reason ?? "", wouldRefuse: event.wouldRefuse ?? ""
        )
        let capacity = capacity
        // Only a verified token names a subject; a session request has no sighting to count.
        guard let subject = event.subject else {
            state.withLock { $0.count(rollup, capacity: capacity) }
            return
        }
        let sighting = SightingKey(route: event.route, method: event.method, subject: subject, client: event.client ?? "")
        state.withLock { $0.count(rollup, sighting, at: event.time, capacity: capacity) }
    }

    /// Takes everything counted so far, leaving the aggregator empty.
    public func drain(now: Date = Date()) -> UsageBatch {
        let taken = state.withLock { state in
            let copy = state
            state = State()
            return copy
        }
        let rollups = taken.rollups.map { key, count in
            UsageRollup(
                bucket: Date(timeIntervalSince1970: TimeInterval(key.minute * 60)), route: key.route, method: key.method,
                path: key.path, outcome: key.outcome, reason: key.reason, wouldRefuse: key.wouldRefuse, count: count
            )
        }
        let sightings = taken.sightings.map { key, value in
            JWTSighting(route: key.route, method: key.method, subject: key.subject, client: key.client, lastSeen: value.lastSeen, count: value.count)
        }
        return UsageBatch(instance: instance, takenAt: now, rollups: rollups, sightings: sightings, dropped: taken.dropped)
    }

    /// Puts back a batch that could not be written, as far as capacity allows; the rest counts as dropped (a
    /// sighting that does not fit counts its requests as dropped too, though their rollups may have fit).
    public func restore(_ batch: UsageBatch) {
        state.withLock { state in
            state.dropped += batch.dropped
            for rollup in batch.rollups {
                let key = RollupKey(
                    minute: Int64(rollup.bucket.timeIntervalSince1970 / 60), route: rollup.route, method: rollup.method,
                    path: rollup.path, outcome: rollup.outcome, reason: rollup.reason, wouldRefuse: rollup.wouldRefuse
                )
                if let count = state.rollups[key] {
                    state.rollups[key] = count + rollup.count
                } else if state.rollups.count + state.sightings.count < capacity {
                    state.rollups[key] = rollup.count
                } else {
                    state.dropped += rollup.count
                }
            }
            for sighting in batch.sightings {
                let key = SightingKey(route: sighting.route, method: sighting.method, subject: sighting.subject, client: sighting.client)
                if let seen = state.sightings[key] {
                    state.sightings[key] = (max(seen.lastSeen, sighting.lastSeen), seen.count + sighting.count)
                } else if state.rollups.count + state.sightings.count < capacity {
                    state.sightings[key] = (sighting.lastSeen, sighting.count)
                } else {
                    state.dropped += sighting.count
                }
            }
        }
    }
}
