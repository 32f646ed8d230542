// Read positions of one user with two connections on two instances sharing Redis: marking a room or the inbox read
// on one moves it on both ('read' events, unread counts); a lower offset moves nothing and reaches only its sender;
// a third connection starts from the stored positions (joined.read_offset, welcome.inbox.read_offset).
import test from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, loadClient, record, until, env } from './support.mjs';

const a = env('ROOMCAST_A');
const b = env('ROOMCAST_B');
const { Roomcast } = await loadClient(a);
const unique = (p) => p + '-' + Math.random().toString(36).slice(2, 8);

test('read positions and unread counts follow the user across connections', async () => {
  const user = unique('alice');
  const room = unique('reading');
  const phone = new Roomcast(a, { user, WebSocket });
  const laptop = new Roomcast(b, { user, WebSocket });
  const bob = new Roomcast(b, { user: unique('bob'), WebSocket });
  const later = new Roomcast(a, { user, WebSocket });
  const atPhone = record(phone, 'read');
  const atLaptop = record(laptop, 'read');
  const reads = (seen) => seen.map(({ args: [p] }) => (p.inbox ? 'inbox ' : p.room === room ? 'room ' : '? ') + p.offset);
  try {
    await Promise.all([phone.connect(), laptop.connect(), bob.connect()]);
    const [phoneRoom, laptopRoom] = await Promise.all([phone.join(room), laptop.join(room), bob.join(room)]);
    assert.equal(phoneRoom.readOffset, null, 'never read');
    assert.equal(phoneRoom.unread, null, 'unknown before the first read');

    const first = await phone.read(room); // the latest known: nothing was said yet
    assert.deepEqual(first, { offset: 0, epoch: phoneRoom.epoch });
    await until(() => `the laptop to hear the read (${reads(atLaptop)})`, () => atLaptop.length === 1);
    assert.equal(laptopRoom.unread, 0);

    const offsets = [];
    for (let i = 0; i < 5; i++) offsets.push((await bob.send(room, { n: i })).offset);
    await until(() => `5 unread on both (${phoneRoom.unread}, ${laptopRoom.unread})`, () => phoneRoom.unread === 5 && laptopRoom.unread === 5);
    assert.deepEqual(phone.unread().rooms, { [room]: 5 });

    assert.deepEqual(await laptop.read(room, offsets[2]), { offset: offsets[2], epoch: laptopRoom.epoch });
    await until(() => `the phone to hear it (${reads(atPhone)})`, () => phoneRoom.readOffset === offsets[2]);
    assert.equal(phoneRoom.unread, 2);
    assert.equal(laptopRoom.unread, 2);

    // Behind the stored position: nothing moves; the sender is answered with where it stands, the laptop hears nothing.
    assert.deepEqual(await phone.read(room, offsets[0]), { offset: offsets[2], epoch: phoneRoom.epoch });
    await phone.read(room, offsets[4]);
    await until(() => `the laptop to hear the last read (${reads(atLaptop)})`, () => laptopRoom.unread === 0);
    assert.deepEqual(reads(atLaptop), [`room 0`, `room ${offsets[2]}`, `room ${offsets[4]}`], 'the laptop heard every move, and only those');
    assert.deepEqual(reads(atPhone), [`room 0`, `room ${offsets[2]}`, `room ${offsets[2]}`, `room ${offsets[4]}`]);

    // The inbox, likewise.
    for (const text of ['one', 'two']) await bob.private(user, text);
    await until(() => `both to get the privates (${phone.inbox.latest}, ${laptop.inbox.latest})`,
      () => phone.inbox.latest >= 2 && laptop.inbox.latest === phone.inbox.latest);
    assert.equal(laptop.inbox.unread, null, 'the inbox was never read');
    const inboxRead = await phone.readInbox();
    assert.equal(inboxRead.offset, phone.inbox.latest);
    await until(() => `the laptop to hear the inbox read (${reads(atLaptop)})`, () => laptop.inbox.unread === 0);
    assert.equal(laptop.inbox.readOffset, inboxRead.offset);

    // A connection that comes later starts from the stored positions.
    await later.connect();
    assert.equal(later.inbox.readOffset, inboxRead.offset, 'welcome.inbox.read_offset');
    assert.equal(later.inbox.unread, 0);
    const laterRoom = await later.join(room);
    assert.equal(laterRoom.readOffset, offsets[4], 'joined.read_offset');
    assert.equal(laterRoom.unread, 0);
    assert.deepEqual(later.unread(), { rooms: { [room]: 0 }, inbox: 0 });
  } finally {
    [phone, laptop, bob, later].forEach((c) => c.close());
  }
});

test('a read the server refuses rejects with its code; one with no offset known is not sent', async () => {
  const client = new Roomcast(a, { user: unique('reader'), WebSocket });
  try {
    await client.connect();
    await assert.rejects(client.read('bad room!', 1), (e) => e.code === 'invalid_room');
    await assert.rejects(client.read(unique('never-joined')), (e) => e.code === 'invalid_message');
    assert.deepEqual(await client.read(unique('not-joined-now'), 3), { offset: 3, epoch: undefined }, 'allowed to join is enough');
  } finally {
    client.close();
  }
});
