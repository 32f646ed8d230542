// Type-checked with tsc (never run): the package's types as an ES module sees them (the "import" condition).
import { CLOSE_REASONS, EVERYTHING_HELD, Roomcast, RoomcastError, closeReason } from 'roomcast';
import type { Accepted, DirectMessage, Position, ReadPosition, Room, Since, State, Unread } from 'roomcast';

export async function chat(url: string): Promise<string> {
  const rc = new Roomcast(url, { user: 'alice', WebSocket, batch: true, backoffMaxMs: 10000 });
  rc.on('state', (state: State, info) => console.log(state, info.code, info.delayMs));
  rc.on('message', (m) => console.log(m.room, m.from, m.offset));
  rc.on('private', (m: DirectMessage) => console.log(m.from, m.offset));
  rc.on('read', (p: ReadPosition) => console.log(p.room ?? 'inbox', p.offset));
  rc.on('resumed', (r) => console.log(r.room ?? (r.inbox ? 'inbox' : 'broadcasts'), r.recovered, r.missed));
  rc.on('error', (e: RoomcastError) => console.log(e.code));
  const user: string = await rc.connect();
  const room: Room = await rc.join('lobby');
  const unread: number | null = room.unread;
  const sent: Accepted = await rc.send('lobby', { text: 'hi' });
  const stored: { offset: number; epoch?: string } = await rc.read('lobby', sent.offset);
  await rc.readInbox();
  const inbox: Position = rc.inbox;
  const counts: Unread = rc.unread();
  const toBob: number | undefined = (await rc.private('bob', 'psst')).offset;
  await rc.broadcast('hello');
  // @ts-expect-error an offset is a number
  await rc.read('lobby', 'latest');
  // @ts-expect-error no such event
  rc.on('mesage', () => {});
  // @ts-expect-error the state is the client's
  rc.state = 'open';
  const saved: Since | null = rc.inbox.since();
  const again = new Roomcast(url, { inboxSince: saved ?? EVERYTHING_HELD, broadcastSince: { offset: 3, epoch: 'q81z' } });
  // @ts-expect-error a since is {offset, epoch}
  new Roomcast(url, { inboxSince: 5 });
  rc.close();
  again.close();
  return [user, unread, stored.offset, inbox.readOffset, counts.inbox, toBob, CLOSE_REASONS[4002], closeReason(1001)].join();
}
