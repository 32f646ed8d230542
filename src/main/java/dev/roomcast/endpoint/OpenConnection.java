package dev.roomcast.endpoint;

import dev.roomcast.security.MessageRate;
import dev.roomcast.security.Reservation;
import dev.roomcast.session.Session;

/**
 * What the endpoint keeps for one open connection, under a single user-data key: the handshake's
 * entries are dropped once the connection is open, since every entry costs a map node per connection.
 */
final class OpenConnection {

    final Session session;
    final MessageRate rate;
    /** Its place under the connection limits, given back at close. */
    final Reservation place;
    final InOrder requests = new InOrder();
    /** The Vert.x timer that closes the connection when its token expires; -1 for none. */
    long expiryTimer = -1;

    OpenConnection(Session session, MessageRate rate, Reservation place) {
        this.session = session;
        this.rate = rate;
        this.place = place;
    }
}
