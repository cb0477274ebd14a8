import AuthBridge
import AuthBridgeTesting
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

struct SessionPrunerTests {
    private func session(expiresIn seconds: TimeInterval) -> SessionRecord {
        let now = Date()
        return SessionRecord(
            key: SessionToken.generate().key, data: SessionData(user: SessionUser(id: "u")), createdAt: now,
            lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(seconds), absoluteExpiresAt: now.addingTimeInterval(3600)
        )
    }

    @Test func prunesExpiredSessionsEveryIntervalAndStopsOnGracefulShutdown() async throws {
        let store = MemorySessionStore()
        let live = session(expiresIn: 3600)
        try await store.create(live)
        try await store.create(session(expiresIn: -1))
        let pruner = SessionPruner(store: store, interval: .milliseconds(20))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pruner.run() }
                let later = session(expiresIn: 0.05)
                try await store.create(later)
                let deadline = ContinuousClock.now + .seconds(10)
                while try await store.read(later.key) != nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(try await store.list(userID: "u").map(\.key) == [live.key])
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func aFailingStoreIsReportedAndDoesNotStopThePruner() async throws {
        let store = MemorySessionStore()
        await store.setDown(true)
        let pruner = SessionPruner(store: store, interval: .milliseconds(10))
        #expect(await pruner.pruneOnce() == nil)
        await store.setDown(false)
        try await store.create(session(expiresIn: -5))
        #expect(await pruner.pruneOnce() == 1)
    }

    @Test func endsAtOnceWhenCancelled() async throws {
        let pruner = SessionPruner(store: MemorySessionStore(), interval: .seconds(3600))
        let running = Task { try await pruner.run() }
        running.cancel()
        try await running.value
    }
}
