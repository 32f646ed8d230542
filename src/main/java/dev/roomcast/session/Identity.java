package dev.roomcast.session;

import java.util.regex.Pattern;

/**
 * Who a connection is, as decided before the upgrade.
 *
 * @param user the user id ({@code sub} of the token, the {@code id} parameter, or a generated anonymous id)
 * @param grants what it may do in rooms
 * @param expiresAtMillis when its token expires (epoch ms), or 0 when nothing expires
 */
public record Identity(String user, RoomGrants grants, long expiresAtMillis) {

    /** What a user id may be: letters, digits and {@code _ . : @ -}, 1 to 64 characters. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    public boolean expires() {
        return expiresAtMillis > 0;
    }
}
