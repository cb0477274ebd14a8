import AuthBridge
import Foundation

extension SessionStoreConformance {
    /// How many expired sessions the concurrent prune check creates: more than one batch of most stores.
    static let expiredForConcurrentPrune = 1_200

    func checkConcurrentUpdates(_ stores: [any SessionStore]) async throws {
        let expect = Expect(check: .concurrentUpdates)
        let user = newUser()
        let original = record(user: user)
        try await stores[0].create(original)
        let outcomes = await withTaskGroup(of: (Int, Result<SessionRecord, any Error>).self) { group in
            for writer in 0..<contenders {
                let store = stores[writer % stores.count]
                let data = SessionData(user: SessionUser(id: user), fields: ["writer": .number(Double(writer))])
                group.addTask {
                    do {
                        return (writer, .success(try await store.update(original.key, data: data, expectedVersion: 1)))
                    } catch {
                        return (writer, .failure(error))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var winners: [SessionRecord] = []
        for (writer, outcome) in outcomes {
            switch outcome {
            case .success(let record): winners.append(record)
            case .failure(let error as SessionStoreError) where error.code == .conflict: continue
            case .failure(let error): throw expect.failure("writer \(writer) failed with \(error), expected conflict")
            }
        }
        try expect.that(winners.count == 1, "\(winners.count) of \(contenders) concurrent updates won, expected 1")
        let stored = try await stores[0].read(original.key)
        try expect.that(stored?.version == 2, "version after concurrent updates is \(String(describing: stored?.version))")
        try expect.that(stored?.data == winners[0].data, "stored data is not the winner's")
    }

    func checkConcurrentPrune(_ stores: [any SessionStore]) async throws {
        let expect = Expect(check: .concurrentPrune)
        let users = (0..<4).map { _ in newUser() }
        let expired = (0..<Self.expiredForConcurrentPrune).map { index in
            record(user: users[index % users.count], idleLeft: -Double(1 + index % 50))
        }
        let live = (0..<20).map { index in record(user: users[index % users.count]) }
        try await createAll(expired + live, in: stores)

        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for pruner in 0..<contenders {
                let store = stores[pruner % stores.count]
                group.addTask { try await store.pruneExpired(now: now) }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let total = counts.reduce(0, +)
        try expect.that(
            total == expired.count, "concurrent prunes returned \(counts) = \(total), expected \(expired.count) in all"
        )
        var listed = 0
        for user in users { listed += try await stores[0].list(userID: user).count }
        try expect.that(listed == live.count, "\(listed) sessions left after concurrent prunes, expected \(live.count)")
        for session in live {
            try expect.same(try await stores[stores.count - 1].read(session.key), session, "a live session after pruning")
        }
    }

    /// Creates records from a few concurrent tasks, spread over the stores.
    private func createAll(_ records: [SessionRecord], in stores: [any SessionStore]) async throws {
        let lanes = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                let store = stores[lane % stores.count]
                let share = stride(from: lane, to: records.count, by: lanes).map { records[$0] }
                group.addTask { for record in share { try await store.create(record) } }
            }
            try await group.waitForAll()
        }
    }
}
