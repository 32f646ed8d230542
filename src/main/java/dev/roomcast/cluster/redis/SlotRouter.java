package dev.roomcast.cluster.redis;

import java.util.function.Function;
import java.util.function.IntFunction;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Sends a command to its slot's master in the current map, and follows what a master answers when the slot is
 * not (or no longer) its own: MOVED, ASK, TRYAGAIN, CLUSTERDOWN. A slot that just moved holds its commands
 * until it settles ({@link SettlingSlots}).
 */
final class SlotRouter {

    private final Context context;
    private final SettlingSlots settling;
    private final IntFunction<RedisLink> ownerOf;
    private final Function<String, RedisLink> linkOf;
    private final Runnable refresh;

    /**
     * @param ownerOf the link to a slot's master in the current map, or null
     * @param linkOf the link to a master by name, or null
     * @param refresh asks for the map again
     */
    SlotRouter(Context context, SettlingSlots settling, IntFunction<RedisLink> ownerOf, Function<String, RedisLink> linkOf,
            Runnable refresh) {
        this.context = context;
        this.settling = settling;
        this.ownerOf = ownerOf;
        this.linkOf = linkOf;
        this.refresh = refresh;
    }

    Future<Response> route(int slot, Request request, boolean bounded) {
        if (settling.holding(slot)) {
            Promise<Response> later = Promise.promise();
            settling.after(slot, () -> direct(slot, request, bounded).onComplete(later),
                    () -> later.tryFail(FanoutUnavailableException.INSTANCE));
            return later.future();
        }
        return direct(slot, request, bounded);
    }

    private Future<Response> direct(int slot, Request request, boolean bounded) {
        RedisLink link = ownerOf.apply(slot);
        if (link == null) {
            refresh.run();
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        return call(link, request, bounded).recover(failure -> redirected(slot, failure, request, bounded));
    }

    private static Future<Response> call(RedisLink link, Request request, boolean bounded) {
        return bounded ? link.command(request) : link.send(request);
    }

    /**
     * MOVED: the slot has a new master (the map is asked again at once); a plain command goes there once the slot
     * settles; a script or publish is not sent (unavailable): repeated later it could overtake the same sender's
     * next message, which is held in order. ASK (a slot being migrated, this key already moved): a plain
     * command goes to the importing node once; a script or publish does not, since what it publishes there would
     * reach no subscriber (they can only subscribe on the slot's owner): not sent, unavailable. TRYAGAIN (keys
     * split mid-migration), CLUSTERDOWN: not sent, unavailable.
     */
    private Future<Response> redirected(int slot, Throwable failure, Request request, boolean bounded) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (message.startsWith("MOVED ") && publishes(request)) { // see below; the map is asked again at once
            context.runOnContext(v -> {
                settling.moved(slot);
                refresh.run();
            });
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        if (message.startsWith("MOVED ")) {
            Promise<Response> later = Promise.promise();
            context.runOnContext(v -> {
                settling.moved(slot);
                refresh.run();
                route(slot, request, bounded).onComplete(later);
            });
            return later.future();
        }
        if (message.startsWith("ASK ") && !publishes(request)) {
            String[] parts = message.split(" ");
            RedisLink target = parts.length > 2 ? linkOf.apply(parts[2]) : null;
            if (target != null) {
                target.send(Request.cmd(Command.ASKING)); // the same connection, just ahead of the command
                return call(target, request, bounded);
            }
        }
        if (message.startsWith("ASK ") || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")) {
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        return Future.failedFuture(failure);
    }

    private static boolean publishes(Request request) {
        Command command = request.command();
        return command == Command.EVALSHA || command == Command.EVAL || command == Command.SPUBLISH;
    }

}
