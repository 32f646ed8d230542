package dev.roomcast.hook;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The hooks' meters: {@code roomcast.hook.calls} by hook and outcome, {@code roomcast.hook.duration} by hook
 * (calls that were made: not the busy ones) and the {@code roomcast.hook.in.flight} gauge. All created up front.
 */
@Singleton
public class HookMetrics {

    private final Map<Hook, Map<Outcome, Counter>> calls = new EnumMap<>(Hook.class);
    private final Map<Hook, Timer> durations = new EnumMap<>(Hook.class);
    private final AtomicInteger inFlight = new AtomicInteger();

    HookMetrics(MeterRegistry registry) {
        for (Hook hook : Hook.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("roomcast.hook.calls").tag("hook", hook.wire())
                        .tag("outcome", outcome.label())
                        .description("Hook calls by hook and outcome (before the failure policy applies)").register(registry));
            }
            calls.put(hook, byOutcome);
            durations.put(hook, Timer.builder("roomcast.hook.duration").tag("hook", hook.wire())
                    .description("How long the backend took to answer a hook (or until the timeout)")
                    .publishPercentileHistogram().register(registry));
        }
        Gauge.builder("roomcast.hook.in.flight", inFlight, AtomicInteger::get).strongReference(true)
                .description("Hook calls open on this instance, all hooks together").register(registry);
    }

    /** Takes a place for a call; false (counted as busy) when {@code max} are open. */
    boolean start(Hook hook, int max) {
        for (;;) {
            int now = inFlight.get();
            if (now >= max) {
                calls.get(hook).get(Outcome.BUSY).increment();
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A call that {@link #start started} ended after {@code nanos}. */
    void ended(Hook hook, Outcome outcome, long nanos) {
        inFlight.decrementAndGet();
        calls.get(hook).get(outcome).increment();
        durations.get(hook).record(nanos, TimeUnit.NANOSECONDS);
    }
}
