package dev.roomcast.webhook;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.support.WebhookReceiverResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The Webhooks bean in the running app: which types are on, what arrives, and the meters on /q/metrics. */
@QuarkusTest
@QuarkusTestResource(value = WebhookReceiverResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.webhooks.events", value = "member_joined,user_online,message_published"),
        @ResourceArg(name = "roomcast.webhooks.backoff-min", value = "20ms"),
        @ResourceArg(name = "roomcast.webhooks.backoff-max", value = "100ms"),
        @ResourceArg(name = "roomcast.fanout.instance-id", value = "hooks-test-1") })
public class WebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    Webhooks webhooks;

    WebhookReceiver receiver;

    @Test
    void onlyTheListedTypesAreOn() {
        assertTrue(webhooks.on(EventType.MEMBER_JOINED));
        assertTrue(webhooks.on(EventType.MESSAGE_PUBLISHED), "opted in");
        assertFalse(webhooks.on(EventType.ROOM_OCCUPIED), "not listed");
        assertFalse(webhooks.on(EventType.USER_OFFLINE), "not listed");
    }

    @Test
    void emittedEventsArriveSignedAndNamedByTheInstanceAndAreMetered() {
        String room = unique("room");
        Scrape before = Scrape.now();
        receiver.failNext(1);
        webhooks.emit(WebhookEvent.room(EventType.MEMBER_JOINED, room, "ann"));
        webhooks.emit(WebhookEvent.message(room, "ann", 7, new RawJson("{\"t\":\"hi\"}")));
        webhooks.emit(WebhookEvent.room(EventType.ROOM_OCCUPIED, room, null)); // off: never sent

        await("both acknowledged").atMost(WAIT).until(() -> ofRoom(room).size() == 2);
        List<JsonNode> events = ofRoom(room);
        assertEquals(List.of("member_joined", "message_published"), events.stream().map(e -> e.get("type").asText()).toList());
        assertTrue(events.stream().allMatch(e -> e.get("instance").asText().equals("hooks-test-1")), events.toString());
        assertEquals(List.of(), receiver.failures());

        Scrape after = Scrape.now();
        assertEquals(2, after.since(before, "roomcast_webhook_events_sent_total"));
        assertEquals(1, after.since(before, "roomcast_webhook_attempts_failed_total{reason=\"status\"}"));
        assertEquals(1, after.since(before, "roomcast_webhook_retries_total"));
        assertEquals(2, after.since(before, "roomcast_webhook_delivery_seconds_count"));
        assertEquals(0, after.since(before, "roomcast_webhook_events_dropped_total{reason=\"queue_full\"}"));
        assertEquals(0, after.value("roomcast_webhook_queue_bytes"));
        assertEquals(0, after.value("roomcast_webhook_queue_events"));
    }

    private List<JsonNode> ofRoom(String room) {
        return receiver.events().stream().filter(e -> room.equals(e.path("room").asText())).toList();
    }
}
