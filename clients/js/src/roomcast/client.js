// The Roomcast client: wires the connection, the replies, the send queue, the rooms, the inbox and broadcast
// streams and the read positions together, and hands each frame from the server to the part it is for.
import { Connection } from './connection.js';
import { Emitter } from './emitter.js';
import { RoomcastError, closeReason } from './errors.js';
import { Reads } from './reads.js';
import { Replies } from './replies.js';
import { Rooms } from './rooms.js';
import { SendQueue } from './send-queue.js';
import { Streams } from './streams.js';

const DEFAULTS = {
  backoffMinMs: 500,
  backoffMaxMs: 30000,
  pingIntervalMs: 20000, // the server closes a connection silent for 60 s; this keeps it talking
  deadAfterMs: 45000, // nothing at all received for this long: the link is dead
  maxUnsent: 1000, // messages waiting for `accepted`, across a reconnect
  sendsPerSecond: 50, // messages written at most this fast (the server's default limit is 100/s, burst 200),
  sendBurst: 100, //     so a backlog resent after a reconnect is not refused as rate_limited
  sendBytesPerSecond: 131072, // and their text at most this fast (the server's: 256 KiB/s, burst 512 KiB)
  sendByteBurst: 262144,
};

export class Roomcast extends Emitter {
  /**
   * @param url the /ws endpoint, e.g. ws://host:8080/ws
   * @param options user, token (string or function returning one, or a promise of one), WebSocket, batch, urls,
   *   backoffMinMs, backoffMaxMs, pingIntervalMs, deadAfterMs, maxUnsent, sendsPerSecond, sendBurst,
   *   sendBytesPerSecond, sendByteBurst; inboxSince and broadcastSince: {offset, epoch} to resume the first connect
   *   from (an earlier client's inbox.since() and broadcasts.since(), or EVERYTHING_HELD)
   */
  constructor(url, options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    const WebSocket = options.WebSocket || globalThis.WebSocket;
    if (!WebSocket) {
      throw new Error('no WebSocket implementation: pass one in the options, e.g. { WebSocket } from the ws package');
    }
    this.user = options.user || null;
    const emit = (event, ...args) => this._emit(event, ...args);
    const open = () => this._connection.open;
    const write = (frame) => this._connection.write(frame);
    this._connection = new Connection(options.urls && options.urls.length ? [...options.urls] : [url], this.options, WebSocket, {
      params: () => this._params(),
      frame: (m) => this._handle(m),
      state: (state, info) => emit('state', state, info),
      error: (e) => emit('error', e),
      lost: (code) => this._lost(code),
      ended: (error) => {
        emit('error', error);
        this._giveUp(error);
      },
    });
    this._replies = new Replies(write);
    const request = (frame) => (open() ? this._replies.request(frame) : Promise.reject(new RoomcastError('disconnected', 'not connected')));
    this._queue = new SendQueue(this.options, {
      open,
      ready: (frame) => frame.type !== 'message' || this._rooms.joined(frame.room),
      write,
      replies: this._replies,
    });
    this._rooms = new Rooms({ request, open, emit, queue: this._queue });
    this._streams = new Streams(emit, { inbox: options.inboxSince, broadcasts: options.broadcastSince });
    this._reads = new Reads({ open, write, replies: this._replies, room: (name) => this.rooms.get(name), inbox: this._streams.inbox, emit });
    /** Rooms joined (or being joined) by name; they are re-joined after every reconnect. */
    this.rooms = this._rooms.byName;
    /** The user's private messages: offset and epoch last seen, latest, read position, unread count. */
    this.inbox = this._streams.inbox;
    /** The broadcast stream: offset and epoch last seen, latest. */
    this.broadcasts = this._streams.broadcasts;
  }

  /** 'connecting' | 'open' | 'reconnecting' | 'closed' */
  get state() {
    return this._connection.state;
  }

  /** Connects (and keeps reconnecting until close()); resolves once the server has said welcome. */
  connect() {
    if (this._connection.wanted && this._connected) return this._connected;
    this._connected = new Promise((resolve, reject) => {
      this._onWelcome = resolve;
      this._onGiveUp = reject;
    });
    this._connection.start();
    return this._connected;
  }

  /** Joins a room; resolves with the room on `joined`. The room is re-joined after every reconnect. */
  join(name) {
    return this._rooms.join(name);
  }

  /** Leaves a room (resolves on `left`); it is not re-joined. */
  leave(name) {
    return this._rooms.leave(name);
  }

  /**
   * Sends a message to a room; resolves with {offset} once it is in the room's history. Until then it is kept
   * and resent with the same id after a reconnect, so it is published once. Rejects with the error code.
   */
  send(room, content) {
    if (!this.rooms.has(room)) return Promise.reject(new RoomcastError('not_member', 'join ' + room + ' first'));
    return this._queue.add({ type: 'message', room, content });
  }

  /** A private message to `to`, kept in their inbox until they read it; resolves with {offset} there once stored. */
  private(to, content) {
    return this._queue.add({ type: 'private', to, content });
  }

  /** To everyone; resolves with {offset} in the broadcast stream once stored. */
  broadcast(content) {
    return this._queue.add({ type: 'broadcast', content });
  }

  /** Marks a room read up to offset (default: the latest known); every connection of the user gets a 'read' event. */
  read(room, offset) {
    return this._reads.read({ room }, this.rooms.get(room), offset);
  }

  /** Marks the inbox read up to offset (default: the latest known). */
  readInbox(offset) {
    return this._reads.read({ inbox: true }, this.inbox, offset);
  }

  /** Unread counts: per joined room and for the inbox; null where the read position is unknown. */
  unread() {
    const rooms = {};
    this.rooms.forEach((room, name) => {
      rooms[name] = room.unread;
    });
    return { rooms, inbox: this.inbox.unread };
  }

  /** Closes for good: no reconnect; waiting promises are rejected. */
  close() {
    this._connection.stop();
    this._giveUp(new RoomcastError('closed', 'the client was closed'));
    this._connection.setState('closed', { code: 1000, reason: 'normal' });
  }

  _params() {
    const params = [];
    // The id learned at welcome keeps an anonymous user the same across reconnects; with a token, its sub is the id.
    if (this.user && !this.options.token) params.push('id=' + encodeURIComponent(this.user));
    if (this.options.batch) params.push('batch=1');
    return [...params, ...this._streams.params()];
  }

  _handle(m) {
    switch (m.type) {
      case 'welcome':
        this.user = m.id;
        this._streams.onWelcome(m); // positions first: the replays come right behind
        this._connection.welcomed(m.id);
        this._onWelcome?.(m.id);
        this._onWelcome = null;
        this._rooms.rejoin();
        this._queue.pump(); // private messages and broadcasts waiting go now; room messages after their `joined`
        return;
      case 'resumed':
        return this._streams.onResumed(m);
      case 'joined':
        this._replies.settle(m.ref, m);
        return this._rooms.onJoined(m);
      case 'message':
        return this._rooms.onMessage(m);
      case 'user_joined':
        return this._rooms.onChange(m.room, [m.user], []);
      case 'user_left':
        return this._rooms.onChange(m.room, [], [m.user]);
      case 'presence_diff':
        return this._rooms.onDiff(m);
      case 'private':
        return this._streams.onPrivate(m);
      case 'broadcast':
        return this._streams.onBroadcast(m);
      case 'read_position':
        return this._reads.onPosition(m);
      case 'server_shutdown':
        this._connection.shuttingDown(m); // the 1001 close follows
        return this._emit('shutdown', { reason: m.reason, reconnectAfterMs: m.reconnect_after_ms });
      case 'error':
        if (!this._replies.fail(m.ref, new RoomcastError(m.code, m.message))) this._emit('error', new RoomcastError(m.code, m.message));
        return;
      default:
        this._replies.settle(m.ref, m); // accepted, pong, left, members
    }
  }

  /** The connection is gone: requests fail, rooms are joined again and unaccepted messages resent on the next. */
  _lost(code) {
    this._replies.failAll(new RoomcastError('disconnected', closeReason(code)));
    this._rooms.lost();
    this._queue.lost();
  }

  /** Settles everything still waiting: requests, unsent messages, joins not yet answered, connect(). */
  _giveUp(error) {
    this._replies.failAll(error);
    this._queue.failAll(error);
    this._rooms.giveUp(error);
    this._onGiveUp?.(error);
  }
}
