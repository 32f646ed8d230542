// Two instances sharing Redis. SCENARIO picks what happens to instance A while a client on it works:
//   drain  - SIGTERM: server_shutdown, reconnect to B, resume; nothing lost or duplicated
//   kill   - SIGKILL: the link drops (1006); backoff reconnect to B
//   freeze - SIGSTOP: no close at all; the heartbeat watchdog gives up on the link and reconnects to B
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, next, until, env } from './support.mjs';

const a = env('ROOMCAST_A');
const b = env('ROOMCAST_B');
const pidA = Number(env('PID_A'));
const scenario = env('SCENARIO');
const { Roomcast } = await loadClient(b);
const unique = (p) => p + '-' + Math.random().toString(36).slice(2, 8);
const MESSAGES = 300;

test(`a client on an instance that goes away (${scenario}) carries on on the other`, async () => {
  const room = unique('failover');
  const client = new Roomcast(a, {
    urls: [a, b], user: unique('sender'), WebSocket, backoffMinMs: 200, pingIntervalMs: 250, deadAfterMs: 1500,
  });
  const observer = new Roomcast(b, { user: unique('observer'), WebSocket });
  const states = [];
  client.on('state', (s, info) => states.push({ s, ...info }));
  const resumed = [];
  client.on('resumed', (r) => resumed.push(r));
  const seen = [];
  observer.on('message', (m) => seen.push(m));
  const own = [];
  client.on('message', (m) => own.push(m));
  try {
    await client.connect();
    await observer.connect();
    await observer.join(room);
    await client.join(room);

    // Sends keep going, a few at a time, through whatever happens to A.
    const accepted = [];
    const sending = (async () => {
      const inFlight = new Set();
      for (let i = 0; i < MESSAGES; i++) {
        const p = client.send(room, { n: i }).then((r) => accepted.push(r.offset));
        inFlight.add(p);
        p.finally(() => inFlight.delete(p));
        if (inFlight.size >= 5) await Promise.race(inFlight);
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(inFlight);
    })();
    await until('a third of the messages accepted', () => accepted.length >= MESSAGES / 3);
    process.kill(pidA, { drain: 'SIGTERM', kill: 'SIGKILL', freeze: 'SIGSTOP' }[scenario]);
    try {
      await until(() => `every message accepted (${accepted.length}); states ${JSON.stringify(states)}`,
        async () => accepted.length === MESSAGES, 30000);
      await sending;
    } finally {
      if (scenario === 'freeze') process.kill(pidA, 'SIGCONT');
    }

    await until(() => `the observer to see ${MESSAGES} (has ${seen.length})`, () => seen.length >= MESSAGES);
    assert.deepEqual(seen.map((m) => m.content.n), [...Array(MESSAGES).keys()], 'every message once, in order');
    assert.equal(new Set(accepted).size, MESSAGES, 'one offset per message');
    await until(() => `the sender to see its own ${MESSAGES} (has ${own.length})`, () => own.length >= MESSAGES);
    assert.deepEqual(own.map((m) => m.content.n), [...Array(MESSAGES).keys()], 'the sender too: no gap, no duplicate');

    const dropped = states.find((s) => s.s === 'reconnecting');
    assert.ok(dropped, 'it reconnected: ' + JSON.stringify(states));
    const expected = { drain: 1001, kill: 1006, freeze: 4000 }[scenario];
    assert.equal(dropped.code, expected, JSON.stringify(states));
    if (scenario === 'kill') assert.ok(dropped.delayMs <= 200, 'the first retry waits at most backoffMinMs: ' + dropped.delayMs);
    assert.equal(client.state, 'open');
    assert.ok(resumed.length >= 1 && resumed.every((r) => r.recovered), 'resumed from history: ' + JSON.stringify(resumed));
  } finally {
    client.close();
    observer.close();
  }
});
