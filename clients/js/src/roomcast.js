// Roomcast client: ES modules, no dependencies, for browsers and Node 18+ (pass `WebSocket` from the `ws`
// package there). It reconnects with backoff, honours server_shutdown, resumes rooms, the inbox and the
// broadcasts where it left them, resends what was not accepted with its original id, keeps read positions in
// step across the user's connections, and watches the link with its own pings.
// Protocol: docs/protocol.md. Types: roomcast.d.ts. One job per module in ./roomcast/.
export { Roomcast } from './roomcast/client.js';
export { CLOSE_REASONS, RoomcastError, closeReason, refusalOf } from './roomcast/errors.js';
export { EVERYTHING_HELD } from './roomcast/position.js';
