// Position (clients/js/src/roomcast/position.js) on the server's answers as frames: where a stream was left, what
// a resume makes of it, which messages are shown (all but a certain repeat), a stream that starts again under an
// open connection, and the unread count. No server: the module from the source tree (CLIENT_SOURCES).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { env } from './support.mjs';

const { Position, EVERYTHING_HELD } = await import(pathToFileURL(join(env('CLIENT_SOURCES'), 'roomcast', 'position.js')).href);

test('a first connect starts at the latest and reports no resume', () => {
  const inbox = new Position();
  assert.equal(inbox.since(), null, 'nothing to resume before a first position');
  assert.equal(inbox.resume({ offset: 12, epoch: 'k3x9' }, null, true), null);
  assert.deepEqual(inbox.since(), { offset: 12, epoch: 'k3x9' });
  assert.equal(inbox.seen(13), true);
  assert.equal(inbox.latest, 13);
});

test('the same epoch resumes where it was left, the replay moves it on, and only a repeat within it is dropped', () => {
  const inbox = new Position();
  const asked = { offset: 7, epoch: 'k3x9' };
  assert.deepEqual(inbox.resume({ offset: 10, epoch: 'k3x9', recovered: true }, asked, true), { recovered: true, missed: 3 });
  assert.deepEqual(inbox.since(), asked, 'at the since until the replay comes');
  assert.equal(inbox.seen(8), true);
  assert.equal(inbox.seen(8), false, 'the same offset twice within the replay: a repeat');
  assert.equal(inbox.seen(9) && inbox.seen(10), true);
  assert.deepEqual(inbox.since(), { offset: 10, epoch: 'k3x9' });
  assert.equal(inbox.seen(11), true, 'live after the replay');
});

test('an offset not above the last after the replay is the stream starting again: shown, and resumed as another epoch', () => {
  const inbox = new Position();
  inbox.resume({ offset: 1, epoch: 'k3x9' }, null, true);
  assert.equal(inbox.seen(2), true);
  assert.equal(inbox.seen(1), true, 'offset 1 again: the inbox expired or Redis lost it under the open connection');
  assert.equal(inbox.epoch, null, 'the epoch it counts in is not known');
  assert.equal(inbox.latest, 1);
  assert.deepEqual(inbox.since(), EVERYTHING_HELD, 'the next connect asks for everything held');
  assert.equal(inbox.seen(2), true, 'and what follows is new too');
  const next = inbox.since();
  assert.deepEqual(inbox.resume({ offset: 2, epoch: 'z7q1', recovered: false }, next, true), { recovered: false, missed: null });
  assert.equal(inbox.seen(1) && inbox.seen(2), true, 'everything held is replayed');

  const room = new Position();
  room.resume({ offset: 40, epoch: 'e1' }, null, false);
  assert.equal(room.seen(41), true);
  assert.equal(room.seen(41), true, 'the same offset outside a replay: not a certain repeat');
  assert.equal(room.epoch, null);
  assert.deepEqual(room.since(), EVERYTHING_HELD);
});

test('another epoch replays a stream from the start but a room from the latest', () => {
  const asked = { offset: 7, epoch: 'old' };
  const stream = new Position();
  assert.deepEqual(stream.resume({ offset: 2, epoch: 'new1', recovered: false }, asked, true), { recovered: false, missed: null });
  assert.equal(stream.seen(1), true, "the stream's whole new history is replayed: offset 1 is new");
  assert.equal(stream.seen(2), true);
  const room = new Position();
  room.resume({ offset: 2, epoch: 'new1', recovered: false }, asked, false);
  assert.deepEqual(room.since(), { offset: 2, epoch: 'new1' }, 'a room replays nothing from another epoch');
  assert.equal(room.seen(3), true);
});

test('an unknown position keeps the old since for the next connect', () => {
  const inbox = new Position();
  inbox.resume({ offset: 5, epoch: 'k3x9' }, null, true);
  const before = inbox.since();
  assert.deepEqual(inbox.resume({ recovered: false }, before, true), { recovered: false, missed: null });
  assert.deepEqual(inbox.since(), before);
});

test('a seeded position is the first since; a malformed one is refused', () => {
  const inbox = new Position();
  inbox.seed({ offset: 4, epoch: 'k3x9' }, 'inboxSince');
  assert.deepEqual(inbox.since(), { offset: 4, epoch: 'k3x9' });
  assert.equal(inbox.unread, null, 'nothing known before the welcome');
  const all = new Position();
  all.seed(EVERYTHING_HELD, 'inboxSince');
  assert.deepEqual(all.since(), { offset: 0, epoch: 'new' });
  assert.throws(() => new Position().seed({ offset: -1, epoch: 'x' }, 'inboxSince'), /inboxSince must be/);
  assert.throws(() => new Position().seed({ offset: 1 }, 'broadcastSince'), /broadcastSince must be/);
});

test('unread is the latest minus the read position, in its epoch or one not given', () => {
  const room = new Position();
  room.resume({ offset: 50, epoch: 'e1' }, null, false);
  assert.equal(room.unread, null, 'never read: not known');
  room.readAt(42, 'e1');
  assert.equal(room.unread, 8);
  room.seen(51);
  assert.equal(room.unread, 9);
  room.readAt(60, 'e1');
  assert.equal(room.unread, 0, 'read past what this client knows of');
  room.readAt(45, null);
  assert.equal(room.unread, 6, 'a read position stored without an epoch counts');
  room.readAt(3, 'e0');
  assert.equal(room.unread, null, 'a read position in another history counts nothing here');
});
