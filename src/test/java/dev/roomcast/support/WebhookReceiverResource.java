package dev.roomcast.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link WebhookReceiver} for a {@code @QuarkusTest}: started before the app, which gets its URL and secret
 * ({@code roomcast.webhooks.*}) plus the resource's {@code initArgs}; a field of type WebhookReceiver in the test
 * gets it.
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> overrides = Map.of();
    private WebhookReceiver receiver;

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        receiver = new WebhookReceiver("quarkus-test-secret");
        Map<String, String> config = new HashMap<>(overrides);
        config.put("roomcast.webhooks.url", receiver.url());
        config.put("roomcast.webhooks.secret", receiver.secret());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(WebhookReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
