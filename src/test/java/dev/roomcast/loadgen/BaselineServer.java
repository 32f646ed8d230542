package dev.roomcast.loadgen;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

/**
 * The least a WebSocket server on this stack can do per connection: plain Vert.x (no Quarkus, no
 * Roomcast) accepting the upgrade on /ws and sending one text frame. The {@code idle-baseline}
 * scenario measures it with the same generator, machine and pinning as Roomcast, so the idle figures
 * can be read against what the stack underneath and the generator manage at best.
 * <p>
 * It answers the two HTTP calls the generator makes of a server: readiness, and a Prometheus text with
 * the open connection count and heap in use under the names Roomcast exports.
 */
public final class BaselineServer {

    private BaselineServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int loops = 2; // what Quarkus runs on one core (2 × cores)
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        AtomicLong open = new AtomicLong();
        for (int i = 0; i < loops; i++) { // one server per loop, sharing the port, as Quarkus deploys them
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .webSocketHandler(ws -> {
                        open.incrementAndGet();
                        ws.closeHandler(v -> open.decrementAndGet());
                        ws.writeTextMessage("{\"type\":\"welcome\"}");
                    })
                    .requestHandler(request -> request.response().end(request.path().equals("/q/metrics")
                            ? "roomcast_connections_active " + open.get() + "\njvm_memory_used_bytes{area=\"heap\"} "
                                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + "\n"
                            : "ready"))
                    .listen().toCompletionStage().toCompletableFuture().join();
        }
    }
}
