// The package from CommonJS (this project has no "type", so a .js file is CommonJS): the same as esm.mjs.
const { WebSocket } = require('ws');
const { Roomcast, RoomcastError } = require('roomcast');

async function main() {
  const url = process.env.ROOMCAST_A;
  const room = 'cjs-' + Date.now();
  const alice = new Roomcast(url, { user: 'cjs-alice-' + Date.now(), WebSocket });
  const bob = new Roomcast(url, { user: 'cjs-bob-' + Date.now(), WebSocket });
  try {
    await alice.connect();
    await bob.connect();
    await alice.join(room);
    await bob.join(room);
    const heard = new Promise((resolve) => alice.on('message', resolve));
    const { offset } = await bob.send(room, { text: 'hi from CommonJS' });
    const message = await heard;
    const read = await alice.read(room, offset);
    const refused = await alice.send('not-joined', 'x').catch((e) => e instanceof RoomcastError && e.code);
    console.log(JSON.stringify({ offset, content: message.content, read: read.offset, unread: alice.rooms.get(room).unread, refused }));
  } finally {
    alice.close();
    bob.close();
  }
}

setTimeout(() => {
  console.error('timed out');
  process.exit(2);
}, 15000).unref();
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
