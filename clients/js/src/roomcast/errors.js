// Close codes and refusals as the server uses them, and the error type every rejected promise carries.

/** Close codes the server uses, with what they mean for a client. */
export const CLOSE_REASONS = Object.freeze({
  1000: 'normal',
  1001: 'server_shutdown',
  1006: 'connection_lost',
  1008: 'policy_violation',
  1009: 'message_too_big',
  1011: 'server_error',
  4000: 'heartbeat_lost', // the client's own watchdog gave up on a silent link
  4001: 'heartbeat_timeout',
  4002: 'slow_consumer',
  4003: 'token_expired',
  4004: 'disconnected_by_server', // a backend closed this user's connections: do not come back on our own
  // The upgrade was refused for good (the client connects with ?refusal=close); the close reason says why.
  4400: 'refused_bad_request',
  4401: 'refused_unauthorized',
  4403: 'refused_forbidden',
});

export function closeReason(code) {
  return CLOSE_REASONS[code] || 'closed_' + code;
}

/**
 * Why the server refused the upgrade, from a 4400/4401/4403 close and its reason "<code>: <message>", e.g.
 * { code: 'invalid_id', message: 'invalid id: ...' }; null for any other close. Retrying cannot fix these.
 */
export function refusalOf(code, reason) {
  if (code !== 4400 && code !== 4401 && code !== 4403) return null;
  const text = reason || '';
  const colon = text.indexOf(': ');
  return colon > 0 ? { code: text.slice(0, colon), message: text.slice(colon + 2) } : { code: closeReason(code), message: text };
}

/** A refused request: `code` is the server's error code (or a client-side one such as `queue_full`). */
export class RoomcastError extends Error {
  constructor(code, message) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'RoomcastError';
    this.code = code;
  }
}
