// The signature check docs/hooks.md gives receivers, run by WebhookSignatureDocsTest against a request the sender made:
// SECRET, HEADER (X-Roomcast-Signature) and BODY_FILE (the raw body) in the environment; prints valid or invalid.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** True when `header` signs `rawBody` (a Buffer: the bytes as received) with `secret`, made within 5 minutes. */
export function verifyRoomcast(secret, header, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.trim().split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || nowSeconds - t > 300) return false; // missing, or older than 5 minutes: a replay
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

if (process.env.BODY_FILE) {
  const ok = verifyRoomcast(process.env.SECRET, process.env.HEADER, readFileSync(process.env.BODY_FILE));
  console.log(ok ? 'valid' : 'invalid');
}
