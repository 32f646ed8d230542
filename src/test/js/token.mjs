// Authentication on: at the token's expiry the server closes with 4003; the client asks token() again and
// carries on with the fresh token.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, next, env } from './support.mjs';

const url = env('ROOMCAST_A');
const tokens = env('TOKENS').split(',');
const badToken = env('BAD_TOKEN');
const { Roomcast } = await loadClient(url);

test('an expired token is replaced by a fresh one from token()', async () => {
  let calls = 0;
  const client = new Roomcast(url, { WebSocket, backoffMinMs: 100, token: async () => tokens[Math.min(calls++, tokens.length - 1)] });
  const log = [];
  client.on('state', (s, info) => log.push(s + ' ' + JSON.stringify(info)));
  client.on('error', (e) => log.push('error ' + e.message));
  // listening from the start: on a slow machine the 4003 may come before join() is answered (it then is, after the reconnect)
  const reconnecting = next(client, 'state', (s) => s === 'reconnecting', 15000);
  try {
    const user = await client.connect();
    assert.equal(calls, 1);
    await client.join('lobby');
    const [, info] = await reconnecting;
    assert.equal(info.code, 4003);
    assert.equal(info.reason, 'token_expired');
    await next(client, 'state', (s) => s === 'open', 10000).catch((e) => {
      throw new Error(e.message + '; states and errors: ' + log.join(' | '));
    });
    assert.equal(calls, 2, 'token() asked again for the new connection');
    assert.equal(client.user, user, 'the same user, from the fresh token');
    const rejoined = await next(client, 'presence', (p) => p.room === 'lobby', 5000);
    assert.ok(rejoined.members.has(user));
    assert.ok((await client.send('lobby', 'still here')).offset > 0);
  } finally {
    client.close();
  }
});

test('without a token function a 4003 ends the client', async () => {
  const client = new Roomcast(url, { WebSocket, token: tokens[2] }); // a plain string: valid for a few seconds more
  const errors = [];
  client.on('error', (e) => errors.push(e.code));
  try {
    await client.connect();
    const [, info] = await next(client, 'state', (s) => s === 'closed', 15000);
    assert.equal(info.code, 4003);
    assert.deepEqual(errors, ['token_expired']);
  } finally {
    client.close();
  }
});

test('a refused token ends the client at once, even with a token function (4401)', async () => {
  let calls = 0;
  const client = new Roomcast(url, { WebSocket, backoffMinMs: 20, backoffMaxMs: 50, token: () => { calls++; return badToken; } });
  const closed = next(client, 'state', (s) => s === 'closed', 10000);
  try {
    const refused = await client.connect().then(() => assert.fail('connected'), (e) => e);
    assert.equal(refused.code, 'invalid_token');
    const [, info] = await closed;
    assert.equal(info.code, 4401);
    assert.equal(info.reason, 'invalid_token');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // 20 backoff ceilings: time for retries that must not come
    assert.equal(calls, 1, 'no second attempt, so token() was not asked again');
  } finally {
    client.close();
  }
});
