package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * A lean WebSocket client for the generator: the handshake and the framing by hand over a Vert.x
 * TCP socket, so that one core can take in hundreds of thousands of frames a second. Server
 * frames arrive unmasked and are handed over as (array, offset, length) without copying (reading a
 * byte array directly is several times cheaper than {@code Buffer.getByte} per byte); client
 * frames are masked with a zero key (the protocol requires a mask, not a random one), so the
 * payload goes out as is. Pings are answered, so the server's heartbeat is satisfied.
 */
final class RawClient {

    /** Called with the frame's payload: the array holding it, where it starts, how long it is. */
    interface FrameHandler {
        void onText(byte[] data, int offset, int length);
    }

    private final NetSocket socket;
    private final FrameHandler handler;
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;
    private Promise<RawClient> ready;
    private Runnable onClose = () -> { };

    private RawClient(NetSocket socket, FrameHandler handler) {
        this.socket = socket;
        this.handler = handler;
    }

    static Future<RawClient> connect(NetClient client, String host, int port, String pathAndQuery,
            FrameHandler handler) {
        return client.connect(port, host).compose(socket -> {
            RawClient raw = new RawClient(socket, handler);
            raw.ready = Promise.promise();
            socket.handler(raw::onData);
            socket.closeHandler(v -> {
                raw.onClose.run();
                raw.ready.tryFail("closed during the handshake");
            });
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            socket.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            return raw.ready.future();
        });
    }

    void onClose(Runnable action) {
        this.onClose = action;
    }

    /** Sends one text frame (masked with a zero key). */
    void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        Buffer frame = Buffer.buffer(payload.length + 14);
        frame.appendByte((byte) 0x81);
        appendLength(frame, payload.length);
        frame.appendInt(0); // mask key 0: XOR leaves the payload as it is
        socket.write(frame.appendBytes(payload));
    }

    boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    Future<Void> close() {
        return socket.close();
    }

    private void onData(Buffer data) {
        pending = pending.length() == 0 ? data : pending.appendBuffer(data);
        int at = 0;
        if (!upgraded) {
            int end = headerEnd(pending);
            if (end < 0) {
                return;
            }
            String head = pending.getString(0, end, "US-ASCII");
            if (!head.startsWith("HTTP/1.1 101")) {
                ready.tryFail("upgrade refused: " + head.lines().findFirst().orElse(head));
                socket.close();
                return;
            }
            upgraded = true;
            ready.tryComplete(this);
            at = end + 4;
        }
        int length = pending.length();
        ByteBuf view = pending.getByteBuf(); // shares the bytes
        byte[] bytes = view.hasArray() ? view.array() : pending.getBytes();
        int base = view.hasArray() ? view.arrayOffset() + view.readerIndex() : 0;
        while (length - at >= 2) {
            int b0 = bytes[base + at] & 0xFF;
            int b1 = bytes[base + at + 1] & 0x7F;
            int header = 2;
            long size = b1;
            if (b1 == 126) {
                if (length - at < 4) {
                    break;
                }
                size = pending.getUnsignedShort(at + 2);
                header = 4;
            } else if (b1 == 127) {
                if (length - at < 10) {
                    break;
                }
                size = pending.getLong(at + 2);
                header = 10;
            }
            if (length - at - header < size) {
                break;
            }
            int opcode = b0 & 0x0F;
            if (opcode == 0x1) {
                handler.onText(bytes, base + at + header, (int) size);
            } else if (opcode == 0x9) { // ping: answer with the same payload
                Buffer pong = Buffer.buffer().appendByte((byte) 0x8A);
                appendLength(pong, (int) size);
                socket.write(pong.appendInt(0).appendBuffer(pending, at + header, (int) size));
            }
            at += header + (int) size;
        }
        pending = at == length ? Buffer.buffer() : pending.getBuffer(at, length);
    }

    private static void appendLength(Buffer frame, int length) {
        if (length < 126) {
            frame.appendByte((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            frame.appendByte((byte) (0x80 | 126)).appendShort((short) length);
        } else {
            frame.appendByte((byte) (0x80 | 127)).appendLong(length);
        }
    }

    private static int headerEnd(Buffer data) {
        for (int i = 0; i + 3 < data.length(); i++) {
            if (data.getByte(i) == '\r' && data.getByte(i + 1) == '\n' && data.getByte(i + 2) == '\r'
                    && data.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
