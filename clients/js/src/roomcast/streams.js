// The user's inbox (private messages) and the broadcast stream: their positions, resumed on every connect as
// rooms are (`inbox_since` and `broadcast_since`), and their messages, each shown once.
import { Position } from './position.js';

const PARAMS = { inbox: 'inbox_since', broadcasts: 'broadcast_since' };

export class Streams {
  /**
   * @param emit (event, ...args)
   * @param seeds {inbox, broadcasts}: where to resume from at the first connect ({offset, epoch}, saved from an
   *   earlier client's since(), or EVERYTHING_HELD); absent: from what comes after the first welcome
   */
  constructor(emit, seeds = {}) {
    this.emit = emit;
    this.inbox = new Position();
    this.broadcasts = new Position();
    this.inbox.seed(seeds.inbox, 'inboxSince');
    this.broadcasts.seed(seeds.broadcasts, 'broadcastSince');
    this._sent = {}; // the positions this connection asked to resume from
  }

  /** Query parameters for the next connect: where each stream was left (none before the first welcome, unless seeded). */
  params() {
    const params = [];
    for (const name of Object.keys(PARAMS)) {
      const since = this[name].since();
      this._sent[name] = since;
      if (since) params.push(PARAMS[name] + '=' + encodeURIComponent(since.offset + ':' + since.epoch));
    }
    return params;
  }

  /** `welcome`: each stream's latest position, and the inbox's read position. */
  onWelcome(m) {
    this._resume('inbox', m.inbox);
    this._resume('broadcasts', m.broadcasts);
  }

  /** `resumed`: a stream's position that Redis gave late (its replay follows). */
  onResumed(m) {
    if (m.inbox) this._resume('inbox', m.inbox);
    if (m.broadcasts) this._resume('broadcasts', m.broadcasts);
  }

  onPrivate(m) {
    if (!this.inbox.seen(m.offset)) return; // the same one twice in a replay: shown once
    this.emit('private', { from: m.from, content: m.content, ts: m.ts, offset: m.offset });
  }

  onBroadcast(m) {
    if (!this.broadcasts.seen(m.offset)) return;
    this.emit('broadcast', { from: m.from, content: m.content, ts: m.ts, offset: m.offset });
  }

  /** Without the stream's object, or without its offset, the position is unknown: the old since stays for the next connect. */
  _resume(name, info) {
    if (!info) return;
    const stream = this[name];
    const resumed = stream.resume(info, this._sent[name], true);
    if (name === 'inbox' && info.offset !== undefined) stream.readAt(info.read_offset, info.epoch);
    if (resumed && info.recovered !== undefined) this.emit('resumed', { [name]: true, ...resumed });
  }
}
