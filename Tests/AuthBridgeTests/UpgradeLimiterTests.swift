@testable import AuthBridge
import Foundation
import Testing

struct UpgradeLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func admits(_ limiter: UpgradeLimiter, _ token: String, at seconds: TimeInterval) -> Bool {
        limiter.admits("h.\(token).s", now: start + seconds, interval: 600)
    }

    /// Full and nothing expired: a new token makes room by dropping the oldest tenth, not an arbitrary entry, and
    /// the limiter never holds more than its capacity.
    @Test func aFullLimiterDropsItsOldestEntriesFirst() {
        let limiter = UpgradeLimiter(capacity: 20)
        for index in 0..<20 { #expect(admits(limiter, "t\(index)", at: TimeInterval(index))) }
        #expect(limiter.count == 20)
        #expect(admits(limiter, "t20", at: 20))
        #expect(limiter.count == 19, "the oldest two (a tenth) went, the new token came in")
        for index in 2...20 { #expect(!admits(limiter, "t\(index)", at: 21), "t\(index) is still remembered") }
        #expect(admits(limiter, "t0", at: 22), "a dropped token may upgrade again")
        #expect(limiter.count == 20)
        // Full again: the next new token drops the two oldest now (t2, t3) and nothing newer.
        #expect(admits(limiter, "t1", at: 23))
        #expect(limiter.count == 19)
        #expect(admits(limiter, "t2", at: 24) && !admits(limiter, "t4", at: 24) && !admits(limiter, "t0", at: 24))
        #expect(limiter.count == 20)
    }

    /// Expired entries go before any entry still inside the interval.
    @Test func expiredEntriesGoFirst() {
        let limiter = UpgradeLimiter(capacity: 20)
        for index in 0..<20 { #expect(admits(limiter, "t\(index)", at: TimeInterval(index * 10))) }
        // At 695 s the first ten (0–90 s) are 600 s old or more: they go, and no entry inside the interval does.
        #expect(admits(limiter, "new", at: 695))
        #expect(limiter.count == 11)
        for index in 10..<20 { #expect(!admits(limiter, "t\(index)", at: 696), "t\(index) is inside the interval") }
    }
}
