package dev.roomcast.client.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free loopback port, for the servers the tests start themselves. It is taken from
 * below Linux's ephemeral range (32768 and up by default), so that the many outgoing connections of a test
 * run, which get ephemeral ports, cannot grab it between choosing it and the server binding it.
 */
public final class Ports {

    private static final int FROM = 20_000;
    private static final int TO = 32_000;

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
