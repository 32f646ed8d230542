// Read positions, shared by every connection of a user: marking a room or the inbox read, and following
// `read_position` from any of them (this one's included: it is the acknowledgement, and it has no ref).
import { RoomcastError } from './errors.js';

export class Reads {
  /**
   * @param hooks open(); write(frame); replies: the Replies a `read` error settles; room(name): the Room, if
   *   joined; inbox: the inbox's Position; emit(event, ...args)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this._pending = []; // {room | inbox, offset, epoch, ref}
  }

  /**
   * Marks `target` ({room} or {inbox: true}) read up to offset (default: its latest known). Resolves with the
   * stored position {offset, epoch} once the server confirms it; it only moves forward within an epoch.
   */
  read(target, position, offset) {
    if (!this.hooks.open()) return Promise.reject(new RoomcastError('disconnected', 'not connected'));
    const at = offset ?? position?.latest;
    if (!Number.isInteger(at) || at < 0) {
      return Promise.reject(new RoomcastError('invalid_message', 'no offset to mark read: pass a non-negative integer'));
    }
    const frame = { type: 'read', ...target, offset: at };
    if (position?.epoch) frame.epoch = position.epoch;
    const ref = this.hooks.replies.nextRef('d');
    const pending = { ...target, offset: at, epoch: frame.epoch ?? null, ref };
    return new Promise((resolve, reject) => {
      this._pending.push(pending);
      this.hooks.replies.expect(ref, {
        resolve: (m) => {
          this._forget(pending);
          resolve({ offset: m.offset, epoch: m.epoch });
        },
        reject: (error) => {
          this._forget(pending);
          reject(error);
        },
      });
      this.hooks.write({ ...frame, ref });
    });
  }

  /** `read_position`: the room's (or inbox's) read position moved, on this connection or another of the user's. */
  onPosition(m) {
    const position = m.inbox ? this.hooks.inbox : this.hooks.room(m.room);
    position?.readAt(m.offset, m.epoch);
    this.hooks.emit('read', m.inbox ? { inbox: true, offset: m.offset, epoch: m.epoch } : { room: m.room, offset: m.offset, epoch: m.epoch });
    // Our read is confirmed by the position it asked for or one past it, in its epoch (another connection's may come first).
    this._pending
      .filter((p) => (m.inbox ? p.inbox : p.room === m.room) && (p.epoch === null || p.epoch === m.epoch) && m.offset >= p.offset)
      .forEach((p) => this.hooks.replies.settle(p.ref, m));
  }

  _forget(pending) {
    this._pending = this._pending.filter((p) => p !== pending);
  }
}
