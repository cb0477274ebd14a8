import NIOCore
import NIOPosix

/// Sends bytes no well-behaved client would (invalid UTF-8, oversized headers) and reads the status line.
enum RawHTTP {
    /// The answer: the status code, or `nil` when the server closed the connection without one.
    struct Answer: Sendable {
        var status: Int?
        var head: String
    }

    /// Sends `GET path` with raw header lines and returns the server's status. Fails on a hang.
    static func get(port: Int, path: String, headerLines: [[UInt8]]) async throws -> Answer {
        var bytes = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n".utf8)
        for line in headerLines { bytes += line + Array("\r\n".utf8) }
        bytes += Array("\r\n".utf8)
        let request = bytes
        return try await withThrowingTaskGroup(of: Answer.self) { group in
            group.addTask { try await exchange(port: port, bytes: request) }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw TestFailure("the server did not answer within 10 s")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func exchange(port: Int, bytes: [UInt8]) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            // The server may answer and close before it read everything; a failed write is not the answer.
            try? await outbound.write(ByteBuffer(bytes: bytes))
            var received = [UInt8]()
            do {
                for try await chunk in inbound {
                    received += chunk.readableBytesView
                    if received.count > 4, received.firstRange(of: Array("\r\n\r\n".utf8)) != nil { break }
                }
            } catch {
                // A reset after the answer still leaves the answer.
            }
            let head = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
            let parts = head.split(separator: " ")
            let status = parts.count >= 2 && head.hasPrefix("HTTP/1.") ? Int(parts[1]) : nil
            return Answer(status: status, head: head)
        }
    }
}
