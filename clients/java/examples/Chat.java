import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.roomcast.client.RoomcastClient;
import dev.roomcast.client.RoomcastListener;

/**
 * The smallest use of the Java client: connect, join a room, send to it and hear it back. Runs as a source file on
 * the client's jar and Jackson alone (from clients/java, after `../../mvnw package`):
 *
 * <pre>
 * java -cp target/roomcast-client-0.1.0-SNAPSHOT.jar:$(cat target/runtime-classpath.txt) \
 *     examples/Chat.java ws://localhost:8080/ws alice lobby
 * </pre>
 */
public class Chat {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "ws://localhost:8080/ws";
        String user = args.length > 1 ? args[1] : "alice";
        String room = args.length > 2 ? args[2] : "lobby";
        CompletableFuture<String> heard = new CompletableFuture<>();
        try (RoomcastClient client = RoomcastClient.builder(url).user(user).listener(new RoomcastListener() {
            @Override
            public void onMessage(RoomMessage m) {
                System.out.println("received " + m.room() + " " + m.from() + ": " + m.content());
                heard.complete(m.from());
            }
        }).build()) {
            System.out.println("connected as " + client.connect().get(10, TimeUnit.SECONDS));
            System.out.println("joined " + room + " with " + client.join(room).get(10, TimeUnit.SECONDS).members());
            long offset = client.send(room, Map.of("text", "hi from Java")).get(10, TimeUnit.SECONDS);
            System.out.println("sent at offset " + offset);
            heard.get(10, TimeUnit.SECONDS); // a room message comes back to its sender too
        }
    }
}
