import PostgresNIO

/// A TCP listener on 127.0.0.1 that forwards each connection to a target, or swallows it (a server that accepts
/// and never answers) when there is no target. Lets a test take "the database" down and bring it back.
final class TCPForwarder: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) { self.channel = channel }

    static func start(port: Int = 0, to target: (host: String, port: Int)?) async throws -> TCPForwarder {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                guard let target else { return inbound.eventLoop.makeSucceededVoidFuture() }
                return ClientBootstrap(group: inbound.eventLoop).connect(host: target.host, port: target.port)
                    .flatMapThrowing { outbound in
                        let (inboundGlue, outboundGlue) = GlueHandler.pair()
                        try inbound.pipeline.syncOperations.addHandler(inboundGlue)
                        try outbound.pipeline.syncOperations.addHandler(outboundGlue)
                    }
            }
        return TCPForwarder(channel: try await bootstrap.bind(host: "127.0.0.1", port: port).get())
    }

    /// A port where nothing listens (just freed).
    static func closedPort() async throws -> Int {
        let probe = try await start(to: nil)
        let port = probe.port
        try await probe.stop()
        return port
    }

    func stop() async throws { try await channel.close() }
}

/// Copies bytes between two channels on one event loop; closing either side closes the other.
private final class GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?

    static func pair() -> (GlueHandler, GlueHandler) {
        let first = GlueHandler()
        let second = GlueHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { partner?.context?.write(data, promise: nil) }

    func channelReadComplete(context: ChannelHandlerContext) { partner?.context?.flush() }

    func channelInactive(context: ChannelHandlerContext) { partner?.context?.close(promise: nil) }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
