package dev.roomcast.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * The generator's WebSocket clients: Vert.x, one event loop (the generator has one core), and one
 * client per loopback source address, so 10,000 connections do not run out of ports.
 */
final class Fleet implements AutoCloseable {

    private static final int SOURCE_ADDRESSES = 8;

    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final List<NetClient> clients = new ArrayList<>();
    private final List<RawClient> open = new ArrayList<>();

    Fleet() {
        for (int i = 1; i <= SOURCE_ADDRESSES; i++) {
            // SO_LINGER 0: a close resets the connection instead of leaving it in TIME_WAIT. With tens of
            // thousands in TIME_WAIT, binding each new connection's source port took the kernel most of a core.
            clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0." + i)
                    .setConnectTimeout(30_000).setTcpNoDelay(true).setSoLinger(0)));
        }
    }

    /** Opens {@code count} connections, at most {@code inFlight} handshakes at a time; each gets its handler. */
    List<RawClient> connect(URI ws, int count, int inFlight, java.util.function.IntFunction<String> query,
            java.util.function.IntFunction<RawClient.FrameHandler> handlers) throws Exception {
        return connect(i -> ws, count, inFlight, query, handlers);
    }

    /** The same, with connection i going to {@code endpoints.apply(i)}. */
    List<RawClient> connect(java.util.function.IntFunction<URI> endpoints, int count, int inFlight,
            java.util.function.IntFunction<String> query, java.util.function.IntFunction<RawClient.FrameHandler> handlers)
            throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<RawClient>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections stalled at " + i);
            }
            URI ws = endpoints.apply(i);
            Future<RawClient> connected = RawClient.connect(clients.get(i % clients.size()), ws.getHost(), ws.getPort(),
                    ws.getPath() + "?" + query.apply(i), handlers.apply(i)).onComplete(done -> permits.release());
            pending.add(connected.toCompletionStage().toCompletableFuture());
        }
        List<RawClient> sockets = new ArrayList<>();
        for (CompletableFuture<RawClient> future : pending) {
            sockets.add(future.get(60, TimeUnit.SECONDS));
        }
        synchronized (open) {
            open.addAll(sockets);
        }
        return sockets;
    }

    /** Cancels a timer of the fleet's event loop and returns once it can no longer fire. */
    void cancelTimer(long timer) throws Exception {
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            vertx.cancelTimer(timer);
            cancelled.complete(null);
        });
        cancelled.get(10, TimeUnit.SECONDS);
    }

    /** Closes every connection and waits (bounded) for the closes to go out. */
    void closeAll() throws Exception {
        closeAllExcept(List.of());
    }

    /** Closes every connection but {@code kept} and waits (bounded) for the closes to go out. */
    void closeAllExcept(java.util.Collection<RawClient> kept) throws Exception {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (open) {
            for (RawClient socket : open) {
                if (!kept.contains(socket)) {
                    closing.add(socket.close().toCompletionStage().toCompletableFuture());
                }
            }
            open.retainAll(kept);
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        closeAll();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
