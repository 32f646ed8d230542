// An instance with the default request and byte rates (100/s, burst 200; 256 KiB/s, burst 512 KiB): a client that
// sends 400 room messages at once (a backlog, as after a reconnect), or 24 big ones, paces them, so every one is
// accepted and the connection is never closed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, env } from './support.mjs';

const url = env('ROOMCAST_A');
const { Roomcast } = await loadClient(url);

/** Sends every content at once into a fresh room; each must be accepted once, with no error and no reconnect. */
async function sendsWithoutRefusal(name, contents) {
  const client = new Roomcast(url, { user: name + '-' + Date.now(), WebSocket });
  const states = [];
  const errors = [];
  client.on('state', (s, info) => states.push(s + ' ' + (info.code || '')));
  client.on('error', (e) => errors.push(e.code));
  try {
    await client.connect();
    await client.join(name);
    const offsets = await Promise.all(contents.map((content) => client.send(name, content)));
    assert.equal(new Set(offsets.map((o) => o.offset)).size, contents.length, 'every message accepted once');
    assert.deepEqual(errors, []);
    assert.deepEqual(states, ['connecting ', 'open '], 'never closed or reconnected');
  } finally {
    client.close();
  }
}

test('a backlog of 400 messages goes out under the server rate limit', () =>
  sendsWithoutRefusal('backlog', [...Array(400).keys()]));

// 24 of them are 720 KB: over the server's 512 KiB byte burst
test('a backlog of big messages goes out under the server byte rate', () =>
  sendsWithoutRefusal('big-backlog', [...Array(24).keys()].map((i) => 'x'.repeat(30000) + i)));
