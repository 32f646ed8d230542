package dev.roomcast.cluster.redis;

/**
 * Every Redis key and channel name Roomcast uses. Whatever belongs to one room carries the room in one hash
 * tag, {@code {r:<room>}}, so on Redis Cluster it all lives in the room's slot: each script touches one slot,
 * and the room's shard channel is on the master that runs its scripts (the history script publishes to it).
 * The fixed {@code r:} inside the braces keeps the tag non-empty for any room name; a room name with a '}'
 * cuts its tag short, the same for all its keys, so they still share a slot.
 *
 * <pre>
 * &lt;p&gt;:room:{r:&lt;room&gt;}      channel  room messages and membership notices (SPUBLISH on a cluster)
 * &lt;p&gt;:hist:{r:&lt;room&gt;}      HASH     epoch, latest offset, bytes held (see HistoryScripts)
 * &lt;p&gt;:log:{r:&lt;room&gt;}       STREAM   the room's history
 * &lt;p&gt;:ids:{r:&lt;room&gt;}       ZSET     client message ids → offsets
 * &lt;p&gt;:users:{r:&lt;room&gt;}     HASH     member → holders (see PresenceScripts)
 * &lt;p&gt;:members:{r:&lt;room&gt;}   ZSET     members in id order
 * &lt;p&gt;:holders:{r:&lt;room&gt;}   HASH     "user\n&lt;incarnation&gt;" → 1
 * &lt;p&gt;:user:{u:&lt;user&gt;}      channel  private messages and user control requests (SPUBLISH on a cluster)
 * &lt;p&gt;:read:{u:&lt;user&gt;}      HASH     room (or #inbox) → "offset:epoch", the user's read positions
 * &lt;p&gt;:readt:{u:&lt;user&gt;}     ZSET     room (or #inbox) → when last updated (ms), to drop the oldest past the bound
 * &lt;p&gt;:held:{i:&lt;incarnation&gt;} SET   "room\nuser" an instance holds (for reaping it when it dies)
 * &lt;p&gt;:instances:{reg}      ZSET     incarnation → deadline
 * &lt;p&gt;:reaping:{reg}        ZSET     incarnation being reaped → its reaper's lease
 * &lt;p&gt;:all                  channel  broadcasts when the broadcast stream is off (plain PUBLISH: every instance wants them)
 * Inboxes and the broadcast stream are rooms named #inbox:&lt;user&gt; and #broadcasts (see Streams): their keys and
 * channels are those of a room, e.g. &lt;p&gt;:log:{r:#inbox:alice}, &lt;p&gt;:room:{r:#broadcasts}
 * &lt;p&gt;:reply:&lt;instance&gt;     channel  answers to an instance's user questions (plain PUBLISH)
 * &lt;p&gt;:canary:&lt;instance&gt;:&lt;node&gt;  channel  a link's health probe (plain PUBLISH on the node it probes)
 * </pre>
 */
public record Keys(String prefix) {

    private static String tag(char kind, String name) {
        return "{" + kind + ":" + name + "}";
    }

    public String room(String room) {
        return prefix + ":room:" + tag('r', room);
    }

    String history(String room) {
        return prefix + ":hist:" + tag('r', room);
    }

    String log(String room) {
        return prefix + ":log:" + tag('r', room);
    }

    String ids(String room) {
        return prefix + ":ids:" + tag('r', room);
    }

    String users(String room) {
        return prefix + ":users:" + tag('r', room);
    }

    /** The users key's name up to the room: SCAN matches it followed by a room prefix. */
    String usersScanPrefix() {
        return prefix + ":users:{r:";
    }

    /** The room whose users key this is (the inverse of {@link #users}). */
    String roomOfUsersKey(String key) {
        return key.substring(usersScanPrefix().length(), key.length() - 1);
    }

    String members(String room) {
        return prefix + ":members:" + tag('r', room);
    }

    String holders(String room) {
        return prefix + ":holders:" + tag('r', room);
    }

    public String user(String user) {
        return prefix + ":user:" + tag('u', user);
    }

    String readPositions(String user) {
        return prefix + ":read:" + tag('u', user);
    }

    String readTimes(String user) {
        return prefix + ":readt:" + tag('u', user);
    }

    String held(String incarnation) {
        return prefix + ":held:" + tag('i', incarnation);
    }

    /** A held set's entry → {room, user}; a room name may hold newlines, a user id not. */
    static String[] heldEntry(String entry) {
        int i = entry.lastIndexOf('\n');
        return new String[] { entry.substring(0, i), entry.substring(i + 1) };
    }

    String instances() {
        return prefix + ":instances:{reg}";
    }

    /** Beside {@link #instances} (one slot): incarnations being reaped. */
    String reaping() {
        return prefix + ":reaping:{reg}";
    }

    public String all() {
        return prefix + ":all";
    }

    /** Where answers to this instance's questions about users arrive. */
    public String reply(String instanceId) {
        return prefix + ":reply:" + instanceId;
    }

    public String canary(String instanceId, String node) {
        return prefix + ":canary:" + instanceId + ":" + node;
    }
}
