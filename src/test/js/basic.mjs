// One instance: join, presence, send with accepted offsets, private (to a user not connected too), broadcast, leave,
// batched frames, the type declarations being served, close.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, next, until, env } from './support.mjs';

const url = env('ROOMCAST_A');
const { Roomcast, RoomcastError, closeReason } = await loadClient(url);
const unique = (p) => p + '-' + Math.random().toString(36).slice(2, 8);

test('two clients talk in a room, privately and to everyone', async () => {
  const room = unique('lobby');
  const alice = new Roomcast(url, { user: unique('alice'), WebSocket });
  const bob = new Roomcast(url, { user: unique('bob'), WebSocket, batch: true });
  const states = [];
  alice.on('state', (s) => states.push(s));
  try {
    assert.equal(await alice.connect(), alice.user);
    await bob.connect();
    assert.deepEqual(states, ['connecting', 'open']);

    const aliceRoom = await alice.join(room);
    assert.deepEqual([...aliceRoom.members], [alice.user]);
    const bobJoins = next(alice, 'presence', (p) => p.room === room && p.joined?.includes(bob.user));
    const bobRoom = await bob.join(room);
    assert.deepEqual(new Set(bobRoom.members), new Set([alice.user, bob.user]));
    const presence = await bobJoins;
    assert.equal(presence.count, 2);
    assert.ok(presence.members.has(bob.user));

    const atBob = [];
    bob.on('message', (m) => atBob.push(m));
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(alice.send(room, { n: i }));
    const offsets = (await Promise.all(sent)).map((a) => a.offset);
    offsets.forEach((o, i) => i > 0 && assert.equal(o, offsets[i - 1] + 1, 'consecutive offsets'));
    await until('bob to get 20 messages', () => atBob.length === 20);
    assert.deepEqual(atBob.map((m) => m.content.n), [...Array(20).keys()]);
    assert.deepEqual(atBob.map((m) => m.offset), offsets);
    assert.equal(atBob[0].from, alice.user);

    const privately = next(bob, 'private');
    const { offset: inBobsInbox } = await alice.private(bob.user, 'psst');
    assert.deepEqual({ ...(await privately), ts: 0 }, { from: alice.user, content: 'psst', ts: 0, offset: inBobsInbox });
    // nobody by that id is connected: stored in their inbox all the same (the first message there)
    assert.deepEqual(await alice.private(unique('nobody'), 'x'), { offset: 1 });

    const toAll = Promise.all([next(alice, 'broadcast'), next(bob, 'broadcast')]);
    const { offset: broadcastAt } = await alice.broadcast('hello all');
    (await toAll).forEach((b) => assert.deepEqual([b.content, b.offset], ['hello all', broadcastAt]));
    await assert.rejects(alice.private('bad id!', 'x'), (e) => e instanceof RoomcastError && e.code === 'invalid_message');

    await assert.rejects(alice.send(unique('elsewhere'), 'x'), (e) => e.code === 'not_member');
    await assert.rejects(alice.join('bad room!'), (e) => e.code === 'invalid_room');

    const bobLeaves = next(alice, 'presence', (p) => p.left?.includes(bob.user));
    await bob.leave(room);
    assert.equal((await bobLeaves).count, 1);
    assert.ok(!bob.rooms.has(room));
  } finally {
    alice.close();
    bob.close();
  }
  assert.equal(alice.state, 'closed');
  assert.equal(closeReason(4002), 'slow_consumer');
});

test('disconnected by a backend (4004), the client stops instead of coming back', async () => {
  const client = new Roomcast(url, { user: unique('kicked'), WebSocket, backoffMinMs: 50 });
  const errors = [];
  client.on('error', (e) => errors.push(e.code));
  try {
    await client.connect();
    const closed = next(client, 'state', (s) => s === 'closed');
    const response = await fetch(url.replace(/^ws/, 'http').replace(/\/ws$/, '/api/v1/users/' + client.user + '/connections'),
      { method: 'DELETE', headers: { Authorization: 'Bearer ' + env('API_KEY') } });
    assert.equal(response.status, 200);
    const [, info] = await closed;
    assert.equal(info.code, 4004);
    assert.equal(info.reason, 'disconnected_by_server');
    assert.deepEqual(errors, ['disconnected_by_server']);
    await new Promise((r) => setTimeout(r, 300)); // several backoff periods: it must not have come back
    assert.equal(client.state, 'closed');
  } finally {
    client.close();
  }
});

test('the type declarations are served beside the module', async () => {
  const response = await fetch(url.replace(/^ws/, 'http').replace(/\/ws$/, '/roomcast.d.ts'));
  assert.equal(response.status, 200);
  assert.match(await response.text(), /export class Roomcast/);
});
