// The package from an ES module: two users, a room message, a read position; prints what it saw as JSON.
import { WebSocket } from 'ws';
import { Roomcast, RoomcastError } from 'roomcast';

const url = process.env.ROOMCAST_A;
const room = 'esm-' + Date.now();
const alice = new Roomcast(url, { user: 'esm-alice-' + Date.now(), WebSocket });
const bob = new Roomcast(url, { user: 'esm-bob-' + Date.now(), WebSocket });
setTimeout(() => {
  console.error('timed out');
  process.exit(2);
}, 15000).unref();
try {
  await alice.connect();
  await bob.connect();
  await alice.join(room);
  await bob.join(room);
  const heard = new Promise((resolve) => alice.on('message', resolve));
  const { offset } = await bob.send(room, { text: 'hi from ESM' });
  const message = await heard;
  const read = await alice.read(room, offset);
  const refused = await alice.send('not-joined', 'x').catch((e) => e instanceof RoomcastError && e.code);
  console.log(JSON.stringify({ offset, content: message.content, read: read.offset, unread: alice.rooms.get(room).unread, refused }));
} finally {
  alice.close();
  bob.close();
}
