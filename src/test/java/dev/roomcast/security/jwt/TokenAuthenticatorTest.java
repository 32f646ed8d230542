package dev.roomcast.security.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    @Test
    void noneInConfigMeansNoRooms() {
        assertTrue(TokenAuthenticator.patterns(List.of("none")).isEmpty());
        assertEquals(2, TokenAuthenticator.patterns(List.of("a-*", "b")).size());
    }
}
