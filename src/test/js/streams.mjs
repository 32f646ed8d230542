// Private messages and broadcasts that survive reconnects, on two instances sharing Redis: `accepted` is the
// acknowledgement (with the offset, no ping behind it); a user who is not connected gets what was sent meanwhile
// when they come back; a dropped link resumes the inbox and the broadcasts (inbox_since, broadcast_since) with every
// message once, in order; a private whose `accepted` was lost is resent with its id and stored once; a new client
// object resumes from the positions an earlier one saved (or asks for everything held); an inbox that starts again
// under an open connection loses nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WebSocket, droppable, loadClient, next, until, within, env } from './support.mjs';

const a = env('ROOMCAST_A');
const b = env('ROOMCAST_B');
const { Roomcast, EVERYTHING_HELD } = await loadClient(a);
const run = promisify(execFile);
const unique = (p) => p + '-' + Math.random().toString(36).slice(2, 8);

test('private and broadcast resolve at accepted, with their offsets, and nothing is sent behind them', async () => {
  const written = [];
  class Recorded extends WebSocket {
    send(data) {
      written.push(JSON.parse(data));
      super.send(data);
    }
  }
  const alice = new Roomcast(a, { user: unique('alice'), WebSocket: Recorded });
  const bob = new Roomcast(b, { user: unique('bob'), WebSocket });
  const privates = [];
  const broadcasts = [];
  bob.on('private', (m) => privates.push(m));
  bob.on('broadcast', (m) => broadcasts.push(m));
  try {
    await alice.connect();
    await bob.connect();
    const first = await alice.private(bob.user, 'one');
    const second = await alice.private(bob.user, 'two');
    assert.equal(second.offset, first.offset + 1, 'consecutive in bob\'s inbox');
    const everyone = await alice.broadcast('to all');
    assert.ok(Number.isInteger(everyone.offset), JSON.stringify(everyone));
    await until(() => `bob to get 2 privates and the broadcast (${privates.length}, ${broadcasts.length})`,
      () => privates.length === 2 && broadcasts.length === 1);
    assert.deepEqual(privates.map((m) => [m.content, m.offset, m.from]), [['one', first.offset, alice.user], ['two', second.offset, alice.user]]);
    assert.deepEqual([broadcasts[0].content, broadcasts[0].offset], ['to all', everyone.offset]);
    assert.deepEqual(written.map((f) => f.type), ['private', 'private', 'broadcast'], 'no ping behind them');
    written.forEach((f) => assert.match(f.id, /^[0-9a-f]{24}$/, 'each with an id, for a safe resend'));
  } finally {
    alice.close();
    bob.close();
  }
});

test('a user who is not connected gets the private messages sent meanwhile on return', async () => {
  const bob = new Roomcast(b, { user: unique('bob'), WebSocket });
  const alice = new Roomcast(a, { user: unique('alice'), WebSocket });
  const received = [];
  bob.on('private', (m) => received.push(m));
  try {
    await bob.connect(); // learns where his inbox stands
    assert.ok(bob.inbox.epoch, 'welcome gave the inbox position: ' + JSON.stringify(bob.inbox));
    bob.close();
    await alice.connect();
    const accepted = [];
    for (let i = 0; i < 3; i++) accepted.push((await alice.private(bob.user, { n: i })).offset);
    assert.equal(received.length, 0);
    const resumed = next(bob, 'resumed', (r) => r.inbox);
    await bob.connect();
    assert.deepEqual(await resumed, { inbox: true, recovered: true, missed: 3 });
    await until(() => `the 3 privates (${received.length})`, () => received.length === 3);
    assert.deepEqual(received.map((m) => [m.content.n, m.offset]), accepted.map((offset, n) => [n, offset]));
    assert.equal(bob.inbox.offset, accepted[2]);
  } finally {
    alice.close();
    bob.close();
  }
});

test('a dropped link resumes the inbox and the broadcasts: every message once, in order', async () => {
  const link = droppable();
  const bob = new Roomcast(a, { urls: [a, b], user: unique('bob'), WebSocket: link.WebSocket, backoffMinMs: 50, backoffMaxMs: 200 });
  const alice = new Roomcast(b, { user: unique('alice'), WebSocket });
  const carol = new Roomcast(b, { user: unique('carol'), WebSocket });
  const privates = [];
  const broadcasts = [];
  const resumed = [];
  bob.on('private', (m) => privates.push(m));
  bob.on('broadcast', (m) => broadcasts.push(m));
  bob.on('resumed', (r) => resumed.push(r));
  const sent = { privates: [], broadcasts: [] };
  const send = async (from, to) => {
    for (let n = from; n < to; n++) {
      sent.privates.push((await alice.private(bob.user, { n })).offset);
      sent.broadcasts.push((await carol.broadcast({ n })).offset);
    }
  };
  try {
    await Promise.all([bob.connect(), alice.connect(), carol.connect()]);
    await send(0, 10);
    await until(() => `bob to get the first 10 (${privates.length}, ${broadcasts.length})`,
      () => privates.length === 10 && broadcasts.length === 10);
    const reconnecting = next(bob, 'state', (s) => s === 'reconnecting');
    link.cut();
    await reconnecting;
    await send(10, 20); // stored while bob is away: he gets them when he is back
    const open = next(bob, 'state', (s) => s === 'open', 15000);
    link.release();
    await open;
    await send(20, 25);
    await until(() => `bob to get all 25 (${privates.length}, ${broadcasts.length}); resumed ${JSON.stringify(resumed)}`,
      () => privates.length >= 25 && broadcasts.length >= 25);
    const want = [...Array(25).keys()];
    assert.deepEqual(privates.map((m) => m.content.n), want, 'every private once, in order');
    assert.deepEqual(privates.map((m) => m.offset), sent.privates);
    assert.deepEqual(broadcasts.map((m) => m.content.n), want, 'every broadcast once, in order');
    assert.deepEqual(broadcasts.map((m) => m.offset), sent.broadcasts);
    assert.deepEqual(resumed.find((r) => r.inbox), { inbox: true, recovered: true, missed: 10 });
    assert.deepEqual(resumed.find((r) => r.broadcasts), { broadcasts: true, recovered: true, missed: 10 });
  } finally {
    bob.close();
    alice.close();
    carol.close();
  }
});

test("a private whose accepted was lost with the link is resent with its id and stored once", async () => {
  let lost = null;
  // Stored by the server, but the link drops before the client reads `accepted`: the client must resend it.
  class LosesFirstAccepted extends WebSocket {
    set onmessage(handler) {
      super.onmessage = handler && ((event) => {
        if (!lost && /"type":"accepted"/.test(event.data) && /"to":/.test(event.data)) {
          lost = JSON.parse(event.data);
          this.terminate();
          return;
        }
        handler(event);
      });
    }

    get onmessage() {
      return super.onmessage;
    }
  }
  const alice = new Roomcast(a, { urls: [a, b], user: unique('alice'), WebSocket: LosesFirstAccepted, backoffMinMs: 50 });
  const bob = new Roomcast(b, { user: unique('bob'), WebSocket });
  const received = [];
  bob.on('private', (m) => received.push(m));
  try {
    await alice.connect();
    await bob.connect();
    const once = await within(alice.private(bob.user, 'once'), 'accepted for the resent private');
    assert.ok(lost, 'the first accepted was lost');
    assert.equal(once.offset, lost.offset, 'the resend was answered with the first one\'s offset');
    const after = await alice.private(bob.user, 'after'); // an inbox is in order: a duplicate would come before this
    await until(() => `'after' at bob (${JSON.stringify(received)})`, () => received.some((m) => m.content === 'after'));
    assert.deepEqual(received.map((m) => [m.content, m.offset]), [['once', once.offset], ['after', after.offset]]);
    assert.equal(after.offset, once.offset + 1, 'stored once');
  } finally {
    alice.close();
    bob.close();
  }
});

test('a new client object resumes from the positions an earlier one saved, or from everything held', async () => {
  const user = unique('bob');
  const alice = new Roomcast(a, { user: unique('alice'), WebSocket });
  const first = new Roomcast(b, { user, WebSocket });
  const later = [];
  try {
    await alice.connect();
    const before = (await alice.private(user, 'before')).offset; // bob has never connected: stored for him
    await first.connect();
    const live = next(first, 'private');
    const seen = (await alice.private(user, 'seen')).offset;
    assert.equal((await live).offset, seen);
    const saved = { inboxSince: first.inbox.since(), broadcastSince: first.broadcasts.since() };
    assert.deepEqual(saved.inboxSince, { offset: seen, epoch: first.inbox.epoch });
    first.close(); // the page goes away: the next one is another client object

    const away = (await alice.private(user, 'while away')).offset;
    const news = (await alice.broadcast({ away: user })).offset;
    const second = new Roomcast(a, { user, WebSocket, ...saved });
    later.push(second);
    const atSecond = { privates: [], broadcasts: [], resumed: [] };
    second.on('private', (m) => atSecond.privates.push([m.content, m.offset]));
    second.on('broadcast', (m) => atSecond.broadcasts.push([m.content, m.offset]));
    second.on('resumed', (r) => atSecond.resumed.push(r));
    await second.connect();
    await until(() => `the private and the broadcast sent while away: ${JSON.stringify(atSecond)}`,
      () => atSecond.privates.length >= 1 && atSecond.broadcasts.length >= 1);
    assert.deepEqual(atSecond.privates, [['while away', away]], 'what was sent meanwhile, and nothing seen before');
    assert.deepEqual(atSecond.broadcasts, [[{ away: user }, news]]);
    assert.deepEqual(atSecond.resumed.find((r) => r.inbox), { inbox: true, recovered: true, missed: 1 });
    second.close();

    const third = new Roomcast(b, { user, WebSocket, inboxSince: EVERYTHING_HELD });
    later.push(third);
    const atThird = [];
    third.on('private', (m) => atThird.push([m.content, m.offset]));
    const resumed = next(third, 'resumed', (r) => r.inbox);
    await third.connect();
    assert.deepEqual(await resumed, { inbox: true, recovered: false, missed: null }, 'an epoch the server does not know');
    await until(() => `every private held: ${JSON.stringify(atThird)}`, () => atThird.length >= 3);
    assert.deepEqual(atThird, [['before', before], ['seen', seen], ['while away', away]]);
    third.close();
    assert.throws(() => new Roomcast(a, { user, WebSocket, inboxSince: { offset: 3 } }), /inboxSince must be/);
  } finally {
    [alice, first, ...later].forEach((client) => client.close());
  }
});

test('an inbox that starts again under an open connection (Redis flushed): its privates are shown, and the next connect gets all it holds', async () => {
  const link = droppable();
  const bob = new Roomcast(a, { urls: [a, b], user: unique('bob'), WebSocket: link.WebSocket, backoffMinMs: 50, backoffMaxMs: 200 });
  const alice = new Roomcast(b, { user: unique('alice'), WebSocket });
  const received = [];
  bob.on('private', (m) => received.push([m.content, m.offset]));
  try {
    await Promise.all([bob.connect(), alice.connect()]);
    const old = [];
    for (const text of ['one', 'two', 'three']) old.push((await alice.private(bob.user, text)).offset);
    await until(() => `the first three: ${JSON.stringify(received)}`, () => received.length === 3);
    const epoch = bob.inbox.epoch;

    await flushRedis(); // the inbox's history is lost: its next private starts a new epoch, at offset 1
    const restarted = (await alice.private(bob.user, 'after the flush')).offset;
    assert.ok(restarted <= old[2], `a new history: ${restarted} after ${old}`);
    await until(() => `the private after the flush: ${JSON.stringify(received)}`, () => received.length === 4);
    assert.deepEqual(received[3], ['after the flush', restarted], 'shown, though its offset is not above the last');
    assert.equal(bob.inbox.epoch, null, `the epoch it counts in is not known (was ${epoch})`);

    const reconnecting = next(bob, 'state', (s) => s === 'reconnecting');
    link.cut();
    await reconnecting;
    const away = (await alice.private(bob.user, 'while away')).offset;
    const resumed = next(bob, 'resumed', (r) => r.inbox, 15000);
    link.release();
    assert.deepEqual(await resumed, { inbox: true, recovered: false, missed: null }, 'resumed as another epoch');
    await until(() => `everything held again: ${JSON.stringify(received)}`, () => received.some(([text]) => text === 'while away'));
    assert.deepEqual(received.slice(4), [['after the flush', restarted], ['while away', away]],
      'everything the new history holds: the one shown live again, and the one missed');
    assert.notEqual(bob.inbox.epoch, null);
    assert.notEqual(bob.inbox.epoch, epoch);
  } finally {
    bob.close();
    alice.close();
  }
});

/** FLUSHALL on the Redis both instances share (REDIS_URI). */
async function flushRedis() {
  const { stdout } = await run('redis-cli', ['-u', env('REDIS_URI'), 'flushall'], { timeout: 10000 });
  assert.equal(stdout.trim(), 'OK');
}
