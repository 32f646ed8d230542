package dev.roomcast.security;

import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.Streams;
import dev.roomcast.session.Identity;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;

/** The configured limits on what a request may carry; breaking one is an error frame, not a close. */
@Singleton
public class RequestLimits {

    private final Pattern roomName;
    private final int maxRoomNameLength;
    private final int maxContentBytes;
    private final int maxRooms;

    RequestLimits(RoomcastConfig config) {
        RoomcastConfig.Limits limits = config.limits();
        this.roomName = Pattern.compile(limits.roomNamePattern());
        this.maxRoomNameLength = limits.maxRoomNameLength();
        this.maxContentBytes = limits.maxContentBytes();
        this.maxRooms = limits.maxRoomsPerConnection();
    }

    public void checkRoomName(String room, RawJson ref) {
        if (room.isEmpty() || room.length() > maxRoomNameLength || !roomName.matcher(room).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "invalid room name: 1-" + maxRoomNameLength
                    + " characters matching " + roomName.pattern(), ref);
        }
        if (Streams.isStream(room)) { // the inboxes and the broadcast stream are kept as rooms under such names
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "room names must not start with '" + Streams.PREFIX + "'", ref);
        }
    }

    /** A private message's {@code to}: a user id as a connection's id must be, since it may be stored for later. */
    public void checkUserId(String user, RawJson ref) {
        if (!Identity.USER_ID.matcher(user).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "field 'to' must be a user id: 1-64 letters, digits or _ . : @ -", ref);
        }
    }

    public void checkContent(RawJson content, RawJson ref) {
        if (overContentLimit(content.json())) {
            throw new ProtocolException(ErrorCode.CONTENT_TOO_LARGE,
                    "content is larger than " + maxContentBytes + " bytes", ref);
        }
    }

    public void checkRoomCount(int roomsJoined, RawJson ref) {
        if (roomsJoined >= maxRooms) {
            throw new ProtocolException(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + maxRooms + " rooms", ref);
        }
    }

    /** Whether the UTF-8 form is over the limit; bytes are counted only when the char count cannot decide. */
    private boolean overContentLimit(String s) {
        int chars = s.length();
        if (chars > maxContentBytes || chars * 3L <= maxContentBytes) {
            return chars > maxContentBytes; // a char is 1 to 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars)
        }
        int bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > maxContentBytes;
    }
}
