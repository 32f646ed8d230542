// An instance with the default request and byte rates (100/s, burst 200; 256 KiB/s, burst 512 KiB): a client that
// sends 400 room messages at once (a backlog, as after a reconnect), or 24 big ones, paces them, so every one is
// accepted and the connection is never closed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, env } from './support.mjs';

const url = env('ROOMCAST_A');
const { Roomcast } = await loadClient(url);

test('a backlog of 400 messages goes out under the server rate limit', async () => {
  const client = new Roomcast(url, { user: 'backlog-' + Date.now(), WebSocket });
  const states = [];
  const errors = [];
  client.on('state', (s, info) => states.push(s + ' ' + (info.code || '')));
  client.on('error', (e) => errors.push(e.code));
  try {
    await client.connect();
    await client.join('backlog');
    const offsets = await Promise.all([...Array(400).keys()].map((i) => client.send('backlog', i)));
    assert.equal(new Set(offsets.map((o) => o.offset)).size, 400, 'every message accepted once');
    assert.deepEqual(errors, []);
    assert.deepEqual(states, ['connecting ', 'open '], 'never closed or reconnected');
  } finally {
    client.close();
  }
});

test('a backlog of big messages goes out under the server byte rate', async () => {
  const client = new Roomcast(url, { user: 'big-backlog-' + Date.now(), WebSocket });
  const states = [];
  const errors = [];
  client.on('state', (s, info) => states.push(s + ' ' + (info.code || '')));
  client.on('error', (e) => errors.push(e.code));
  try {
    await client.connect();
    await client.join('big-backlog');
    const big = 'x'.repeat(30000); // 24 of them are 720 KB: over the server's 512 KiB byte burst
    const offsets = await Promise.all([...Array(24).keys()].map((i) => client.send('big-backlog', big + i)));
    assert.equal(new Set(offsets.map((o) => o.offset)).size, 24, 'every message accepted once');
    assert.deepEqual(errors, []);
    assert.deepEqual(states, ['connecting ', 'open '], 'never closed or reconnected');
  } finally {
    client.close();
  }
});
