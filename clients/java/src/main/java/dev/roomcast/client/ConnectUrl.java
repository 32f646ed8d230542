package dev.roomcast.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the next connection: the next of the options' URLs, with the refusal, id, batch and token
 * parameters, and where the inbox and the broadcasts were left.
 */
final class ConnectUrl {

    private ConnectUrl() {
    }

    /**
     * {@code user} is the id learned at welcome: it keeps an anonymous user the same across reconnects.
     * {@code resume} holds ready {@code name=value} parameters.
     */
    static String of(RoomcastOptions options, String user, int attempt, List<String> resume) {
        List<String> urls = options.urls();
        StringBuilder url = new StringBuilder(urls.get(attempt % urls.size()));
        List<String> params = new ArrayList<>();
        params.add("refusal=close"); // a refusal that retrying cannot fix comes as a 4400/4401/4403 close, as to browsers
        if (user != null && options.token() == null) {
            params.add("id=" + encode(user));
        }
        if (options.batch()) {
            params.add("batch=1");
        }
        if (options.token() != null) {
            params.add("access_token=" + encode(options.token().get())); // asked again for every connection
        }
        params.addAll(resume);
        for (int i = 0; i < params.size(); i++) {
            url.append(i == 0 && url.indexOf("?") < 0 ? '?' : '&').append(params.get(i));
        }
        return url.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
