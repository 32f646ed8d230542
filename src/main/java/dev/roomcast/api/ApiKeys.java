package dev.roomcast.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import dev.roomcast.config.RoomcastConfig;

/**
 * The configured API keys. A presented key is compared with every configured one in constant time (both are
 * hashed first, so neither the length nor the first differing byte shows in the time taken).
 */
@Singleton
public class ApiKeys {

    /** One configured key: its hash, and whether it may send as a connected user. */
    record Key(int index, byte[] hash, boolean impersonates) {
    }

    private final List<Key> keys = new ArrayList<>();

    ApiKeys(RoomcastConfig config) {
        List<String> impersonating = config.api().impersonatingKeys().orElse(List.of());
        List<String> all = new ArrayList<>(config.api().keys().orElse(List.of()));
        impersonating.stream().filter(k -> !all.contains(k)).forEach(all::add);
        for (String key : all) {
            if (!key.isBlank()) {
                keys.add(new Key(keys.size(), hash(key), impersonating.contains(key)));
            }
        }
    }

    /** No keys configured: the API is off. */
    public boolean none() {
        return keys.isEmpty();
    }

    /** The key matching, or null; every configured key is compared, whatever matches. */
    Key match(String presented) {
        byte[] hash = hash(presented);
        Key found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.hash, hash)) {
                found = key;
            }
        }
        return found;
    }

    int count() {
        return keys.size();
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
