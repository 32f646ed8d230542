// Rooms and presence: joining (again after every reconnect, with `since`), leaving, the members as far as
// known, and each room's position in its history, from which replayed and live messages are told apart.
import { RoomcastError } from './errors.js';
import { Position } from './position.js';

/** A room this client is in: its members as far as known, and where its history was left and read. */
export class Room extends Position {
  constructor(rooms, name) {
    super();
    Object.defineProperty(this, '_rooms', { value: rooms }); // not enumerable: a room logs as its data
    this.name = name;
    this.members = new Set();
    this.count = 0;
    /** Whether `members` lists every member (false in big rooms until fetchMembers, or after an unlisted diff). */
    this.complete = true;
  }

  /** Pages through the room's members (for big rooms, whose `joined` carries only a count). */
  async fetchMembers(pageSize = 1000) {
    const all = new Set();
    let after;
    do {
      const page = await this._rooms.request({ type: 'members', room: this.name, limit: pageSize, after });
      page.users.forEach((u) => all.add(u));
      after = page.next;
    } while (after !== undefined);
    const before = this.members;
    this.members = all;
    this.complete = true;
    this.count = all.size;
    this._rooms.presence(this, [...all].filter((u) => !before.has(u)), [...before].filter((u) => !all.has(u)));
    return all;
  }
}

export class Rooms {
  /**
   * @param hooks request(frame): a request answered by ref (rejects when not connected); open(): connected;
   *   emit(event, ...args); queue: the SendQueue, whose messages for a room wait for it and fail with it
   */
  constructor(hooks) {
    this.hooks = hooks;
    /** Rooms joined (or being joined) by name; they are re-joined after every reconnect. */
    this.byName = new Map();
  }

  request(frame) {
    return this.hooks.request(frame);
  }

  /** Whether messages for this room can be written now. */
  joined(name) {
    return this.byName.get(name)?._joined === true;
  }

  join(name) {
    let room = this.byName.get(name);
    if (!room) {
      room = new Room(this, name);
      this.byName.set(name, room);
    }
    if (room._joining) return room._joining;
    room._joining = new Promise((resolve, reject) => {
      room._resolve = resolve;
      room._reject = reject;
    });
    if (this.hooks.open() && !room._inFlight) this._sendJoin(room);
    return room._joining;
  }

  async leave(name) {
    const room = this.byName.get(name);
    this.byName.delete(name);
    this.hooks.queue.drop((f) => f.type === 'message' && f.room === name,
      new RoomcastError('not_member', 'left ' + name + ' before the message was accepted'));
    if (room && room._reject && !room._joined) room._reject(new RoomcastError('left', 'left before joined'));
    if (!this.hooks.open()) return;
    await this.request({ type: 'leave', room: name });
  }

  /** After `welcome`: every room not yet joined on this connection is joined (again), with `since`. */
  rejoin() {
    this.byName.forEach((room) => {
      if (!room._inFlight && !room._joined) this._sendJoin(room); // a listener may have joined it already
    });
  }

  /** The connection is gone: every room is to be joined again on the next. */
  lost() {
    this.byName.forEach((room) => {
      room._joined = false;
      room._inFlight = false;
    });
  }

  /** The client stopped for good: joins still waiting fail. */
  giveUp(error) {
    this.byName.forEach((room) => {
      if (room._resolve) {
        room._reject(error);
        room._resolve = null;
      }
    });
  }

  _sendJoin(room) {
    const request = { type: 'join', room: room.name };
    const since = room.since();
    if (since) request.since = since;
    room._since = since;
    room._inFlight = true;
    this.request(request).catch((e) => {
      room._inFlight = false;
      if (e.code === 'disconnected' || e.code === 'closed') return; // joined again after the reconnect, or closed
      this.byName.delete(room.name);
      this.hooks.queue.drop((f) => f.type === 'message' && f.room === room.name, e); // the room is gone, and what waited for it
      if (room._resolve) {
        room._reject(e);
        room._resolve = null;
      } else {
        this.hooks.emit('error', e); // a room joined before could not be joined again after a reconnect
      }
    });
  }

  /** `joined`: members, the history's position (and the user's read position in it), then `resumed` for a `since`. */
  onJoined(m) {
    const room = this.byName.get(m.room);
    if (!room) return;
    const before = room.members;
    if (Array.isArray(m.members)) {
      room.members = new Set(m.members);
      room.complete = true;
    } else {
      room.members = new Set();
      room.complete = false;
    }
    room.count = m.member_count ?? room.members.size;
    const resumed = room.resume(m, room._since, false);
    if (m.offset !== undefined) room.readAt(m.read_offset, m.epoch);
    room._joined = true;
    room._inFlight = false;
    if (resumed) this.hooks.emit('resumed', { room: m.room, ...resumed });
    const joined = [...room.members].filter((u) => !before.has(u));
    const left = room.complete ? [...before].filter((u) => !room.members.has(u)) : [];
    this.presence(room, joined, left);
    if (room._resolve) {
      room._resolve(room);
      room._resolve = null;
    }
    this.hooks.queue.pump(); // what waits for this room goes (again, with its id)
  }

  onMessage(m) {
    const room = this.byName.get(m.room);
    if (room && !room.seen(m.offset)) return; // the same one twice in a replay: shown once
    const message = { room: m.room, from: m.from, content: m.content, ts: m.ts, offset: m.offset };
    if (m.meta !== undefined) message.meta = m.meta; // attached by the server's publish hook
    this.hooks.emit('message', message);
  }

  /** user_joined / user_left */
  onChange(name, joined, left) {
    const room = this.byName.get(name);
    if (!room) return;
    joined.forEach((u) => room.members.add(u));
    left.forEach((u) => room.members.delete(u));
    if (room.complete) room.count = room.members.size;
    else room.count += joined.length - left.length;
    this.presence(room, joined, left);
  }

  onDiff(m) {
    const room = this.byName.get(m.room);
    if (!room) return;
    if (m.unlisted !== undefined) {
      room.complete = false; // too many changes to name: the count is right, the names are not known
      room.count = m.count;
      this.presence(room, [], []);
      return;
    }
    m.joined.forEach((u) => room.members.add(u));
    m.left.forEach((u) => room.members.delete(u));
    room.count = m.count;
    this.presence(room, m.joined, m.left);
  }

  presence(room, joined, left) {
    this.hooks.emit('presence', {
      room: room.name,
      members: room.members,
      count: room.count,
      complete: room.complete,
      joined: joined.length ? joined : undefined,
      left: left.length ? left : undefined,
    });
  }
}
