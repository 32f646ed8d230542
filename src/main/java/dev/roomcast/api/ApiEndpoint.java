package dev.roomcast.api;

import java.util.List;
import java.util.regex.Pattern;

/** The API's endpoints by name, for metrics and spans: a small fixed set, never a room or user id. */
final class ApiEndpoint {

    static final String ROOM_MESSAGE = "room_message";
    static final String USER_MESSAGE = "user_message";
    static final String BROADCAST = "broadcast";
    static final String ROOM_MEMBERS = "room_members";
    static final String ROOM_HISTORY = "room_history";
    static final String ROOMS = "rooms";
    static final String USER = "user";
    static final String USER_DISCONNECT = "user_disconnect";
    static final String USER_UNREAD = "user_unread";

    private record Route(String method, Pattern path, String name) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("POST", Pattern.compile("/api/v1/rooms/[^/]+/messages"), ROOM_MESSAGE),
            new Route("POST", Pattern.compile("/api/v1/users/[^/]+/messages"), USER_MESSAGE),
            new Route("POST", Pattern.compile("/api/v1/broadcast"), BROADCAST),
            new Route("GET", Pattern.compile("/api/v1/rooms/[^/]+/members"), ROOM_MEMBERS),
            new Route("GET", Pattern.compile("/api/v1/rooms/[^/]+/history"), ROOM_HISTORY),
            new Route("GET", Pattern.compile("/api/v1/rooms"), ROOMS),
            new Route("GET", Pattern.compile("/api/v1/users/[^/]+/unread"), USER_UNREAD),
            new Route("GET", Pattern.compile("/api/v1/users/[^/]+"), USER),
            new Route("DELETE", Pattern.compile("/api/v1/users/[^/]+/connections"), USER_DISCONNECT));

    private ApiEndpoint() {
    }

    /** The endpoint a request is for, or "other". */
    static String of(String method, String path) {
        for (Route route : ROUTES) {
            if (route.method.equals(method) && route.path.matcher(path).matches()) {
                return route.name;
            }
        }
        return "other";
    }
}
