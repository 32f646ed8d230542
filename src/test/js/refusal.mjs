// An upgrade refused for good (here a bad or reserved user id): the client connects with ?refusal=close, so the
// server completes the upgrade and closes with 4400 and the reason; the client reports it and does not retry.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, next, env } from './support.mjs';

const url = env('ROOMCAST_A');
const metrics = url.replace(/^ws/, 'http').replace(/\/ws$/, '/q/metrics');
const { Roomcast } = await loadClient(url);

/** roomcast_connections_total{outcome="rejected",reason=...}: every upgrade the server refused, however it told the client. */
async function rejected(reason) {
  const text = await (await fetch(metrics)).text();
  const series = text.split('\n').find((l) => l.startsWith('roomcast_connections_total{') && l.includes('outcome="rejected"')
    && l.includes(`reason="${reason}"`));
  return series ? Number(series.split(' ').pop()) : 0;
}

for (const [user, message] of [['has space', /^invalid id: use 1-64/], ['server', /^id 'server' is reserved: the server sends/]]) {
  test(`a refused id (${user}) ends the client with the reason, without a second attempt`, async () => {
    let attempts = 0;
    class Counted extends WebSocket {
      constructor(...args) {
        super(...args);
        attempts++;
      }
    }
    const before = await rejected('invalid_id');
    // a client that retried would try again within 50 ms, and again and again
    const client = new Roomcast(url, { WebSocket: Counted, user, backoffMinMs: 20, backoffMaxMs: 50 });
    const errors = [];
    client.on('error', (e) => errors.push(e));
    const closed = next(client, 'state', (s) => s === 'closed', 10000);
    try {
      const refused = await Promise.race([client.connect().then(() => assert.fail('connected'), (e) => e),
        new Promise((_, reject) => setTimeout(() => reject(new Error('connect() did not settle within 10 s')), 10000).unref())]);
      assert.equal(refused.code, 'invalid_id');
      assert.match(refused.message.replace(/^invalid_id: /, ''), message);
      const [, info] = await closed;
      assert.equal(info.code, 4400);
      assert.equal(info.reason, 'invalid_id');
      assert.match(info.message, message);
      assert.deepEqual(errors.map((e) => e.code), ['invalid_id']);
      // Only the absence of a retry is left to show, and that takes time: 1 s is 20 backoff ceilings.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(attempts, 1, 'one connection attempt');
      assert.equal(client.state, 'closed');
      assert.equal(await rejected('invalid_id') - before, 1, 'the server saw one upgrade');
    } finally {
      client.close();
    }
  });
}
