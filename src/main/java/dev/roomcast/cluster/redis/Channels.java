package dev.roomcast.cluster.redis;

/**
 * Redis channel names. An instance subscribes to a room's channel only while it has a
 * connection in the room, to a user's channel only while that user is connected to it, and
 * always to the broadcast channel.
 *
 * <pre>
 * &lt;prefix&gt;:room:&lt;room&gt;    room messages and membership notices
 * &lt;prefix&gt;:user:&lt;user&gt;    private messages
 * &lt;prefix&gt;:all             broadcasts
 * &lt;prefix&gt;:canary:&lt;instance&gt;  the instance's own health probe (see Canary)
 * </pre>
 */
public record Channels(String prefix) {

    public String room(String room) {
        return prefix + ":room:" + room;
    }

    public String user(String user) {
        return prefix + ":user:" + user;
    }

    public String all() {
        return prefix + ":all";
    }

    /** Where answers to this instance's questions about users arrive. */
    public String reply(String instanceId) {
        return prefix + ":reply:" + instanceId;
    }

    public String canary(String instanceId) {
        return prefix + ":canary:" + instanceId;
    }
}
