package dev.roomcast.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One connection's listener: reassembles text frames and hands them, the open and the close to the client's
 * thread. The next frame is requested only once one is handled, so a slow listener slows the socket, not the heap.
 */
final class FrameListener implements WebSocket.Listener {

    private final ClientThread thread;
    private final Consumer<WebSocket> opened;
    private final Consumer<String> frame;
    private final BiConsumer<Integer, String> closed;
    private final StringBuilder partial = new StringBuilder();

    FrameListener(ClientThread thread, Consumer<WebSocket> opened, Consumer<String> frame, BiConsumer<Integer, String> closed) {
        this.thread = thread;
        this.opened = opened;
        this.frame = frame;
        this.closed = closed;
    }

    @Override
    public void onOpen(WebSocket ws) {
        thread.post(() -> opened.accept(ws));
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (!last) {
            ws.request(1);
            return null;
        }
        String text = partial.toString();
        partial.setLength(0);
        thread.post(() -> {
            frame.accept(text);
            ws.request(1);
        });
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        thread.post(() -> closed.accept(code, reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        thread.post(() -> closed.accept(1006, error.toString()));
    }
}
