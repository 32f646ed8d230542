package dev.roomcast.config;

import java.util.List;

import io.smallrye.config.WithDefault;

/** How connections authenticate ({@code roomcast.auth.*}) and what a token grants by default. */
public interface AuthConfig {
    /**
     * {@code off}: anyone connects, the user id is the {@code id} parameter; {@code optional}: a token is
     * checked when sent, connections without one are anonymous; {@code required}: no token, no connection (401).
     */
    @WithDefault("off")
    AuthMode mode();

    /** Query parameter carrying the token for clients that cannot set headers (browsers). */
    @WithDefault("access_token")
    String queryParameter();

    /** Token claim listing the room patterns the user may join ({@code *} is a wildcard). */
    @WithDefault("rooms")
    String joinClaim();

    /** Token claim listing the room patterns the user may publish to. */
    @WithDefault("publish")
    String publishClaim();

    /** Token claim ({@code true}/{@code false}) saying whether the user may broadcast to everyone. */
    @WithDefault("broadcast")
    String broadcastClaim();

    /** Room patterns a token without the join claim may join; {@code none} for no rooms. */
    @WithDefault("*")
    List<String> defaultJoin();

    /** Room patterns a token without the publish claim may publish to; {@code none} for no rooms. */
    @WithDefault("*")
    List<String> defaultPublish();

    /** Whether a token without the broadcast claim may broadcast. */
    @WithDefault("false")
    boolean defaultBroadcast();

    /** Room patterns an anonymous connection (optional mode, no token) may join; {@code none} for no rooms. */
    @WithDefault("*")
    List<String> anonymousJoin();

    /** Room patterns an anonymous connection may publish to. */
    @WithDefault("none")
    List<String> anonymousPublish();

    /** Whether an anonymous connection may broadcast. */
    @WithDefault("false")
    boolean anonymousBroadcast();

    /** Whether an anonymous connection may send private messages (token holders and auth off always may). */
    @WithDefault("false")
    boolean anonymousPrivate();
}
