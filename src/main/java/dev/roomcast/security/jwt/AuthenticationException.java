package dev.roomcast.security.jwt;

/** A token that was sent but cannot be accepted; the upgrade is refused with 401. */
public final class AuthenticationException extends RuntimeException {

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
