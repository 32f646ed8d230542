package dev.roomcast.hook;

import java.util.List;

import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;

/**
 * What Roomcast does after asking a hook, the failure policy applied: go ahead (with the publish hook's
 * {@code content} and {@code meta}, or the connect hook's room grants, when given), or refuse with {@code code}.
 *
 * @param refusal null when allowed; else {@code HOOK_DENIED} (the backend said no), {@code HOOK_FAILED} or
 *        {@code HOOK_BUSY}
 * @param code the error code clients see: {@code hook:<backend code>}, {@code hook_failed} or {@code hook_busy}
 */
public record HookVerdict(ErrorCode refusal, String code, String message, RawJson content, RawJson meta,
        List<String> join, List<String> publish) {

    static final HookVerdict ALLOWED = new HookVerdict(null, null, null, null, null, null, null);

    static HookVerdict allowed(HookAnswer answer) {
        return new HookVerdict(null, null, null, answer.content(), answer.meta(), answer.join(), answer.publish());
    }

    static HookVerdict denied(HookAnswer answer) {
        return new HookVerdict(ErrorCode.HOOK_DENIED, "hook:" + answer.code(), answer.message(), null, null, null, null);
    }

    static HookVerdict refused(ErrorCode code, String message) {
        return new HookVerdict(code, code.wire(), message, null, null, null, null);
    }

    public boolean allowed() {
        return refusal == null;
    }

    /** The refusal as an error frame for the request with this {@code ref}. */
    public ProtocolException toProtocolException(RawJson ref) {
        return new ProtocolException(refusal, code, message, ref);
    }
}
