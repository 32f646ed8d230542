// Type-checked with tsc (never run): the package's types as CommonJS sees them (the "require" condition).
import roomcast = require('roomcast');

export async function chat(url: string): Promise<number | undefined> {
  const rc: roomcast.Roomcast = new roomcast.Roomcast(url, { user: 'alice', WebSocket });
  await rc.connect();
  const room: roomcast.Room = await rc.join('lobby');
  const { offset } = await rc.send(room.name, 'hi');
  // @ts-expect-error private() takes a recipient and content
  await rc.private('bob');
  const failed = new roomcast.RoomcastError('queue_full');
  return failed.code === 'queue_full' ? offset : rc.inbox.unread ?? undefined;
}
