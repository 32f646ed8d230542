// Roomcast client: one ES module, no dependencies, for browsers and Node 18+ (pass `WebSocket` from the
// `ws` package there). It reconnects with backoff, honours server_shutdown, re-joins rooms with `since`,
// resends what was not accepted with its original id, and watches the link with its own pings.
// Protocol: docs/protocol.md. Types: /roomcast.d.ts.

/** Close codes the server uses, with what they mean for a client. */
export const CLOSE_REASONS = Object.freeze({
  1000: 'normal',
  1001: 'server_shutdown',
  1006: 'connection_lost',
  1008: 'policy_violation',
  1009: 'message_too_big',
  1011: 'server_error',
  4000: 'heartbeat_lost', // the client's own watchdog gave up on a silent link
  4001: 'heartbeat_timeout',
  4002: 'slow_consumer',
  4003: 'token_expired',
  4004: 'disconnected_by_server', // a backend closed this user's connections: do not come back on our own
  // The upgrade was refused for good (the client connects with ?refusal=close); the close reason says why.
  4400: 'refused_bad_request',
  4401: 'refused_unauthorized',
  4403: 'refused_forbidden',
});

export function closeReason(code) {
  return CLOSE_REASONS[code] || 'closed_' + code;
}

/**
 * Why the server refused the upgrade, from a 4400/4401/4403 close and its reason "<code>: <message>", e.g.
 * { code: 'invalid_id', message: 'invalid id: ...' }; null for any other close. Retrying cannot fix these.
 */
export function refusalOf(code, reason) {
  if (code !== 4400 && code !== 4401 && code !== 4403) return null;
  const text = reason || '';
  const colon = text.indexOf(': ');
  return colon > 0 ? { code: text.slice(0, colon), message: text.slice(colon + 2) } : { code: closeReason(code), message: text };
}

/** A refused request: `code` is the server's error code (or a client-side one such as `queue_full`). */
export class RoomcastError extends Error {
  constructor(code, message) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'RoomcastError';
    this.code = code;
  }
}

const DEFAULTS = {
  backoffMinMs: 500,
  backoffMaxMs: 30000,
  pingIntervalMs: 20000, // the server closes a connection silent for 60 s; this keeps it talking
  deadAfterMs: 45000, // nothing at all received for this long: the link is dead
  maxUnsent: 1000, // messages waiting for `accepted`, across a reconnect
  sendsPerSecond: 50, // room messages written at most this fast (the server's default limit is 100/s, burst 200),
  sendBurst: 100, //     so a backlog resent after a reconnect is not refused as rate_limited
  sendBytesPerSecond: 131072, // and their text at most this fast (the server's: 256 KiB/s, burst 512 KiB)
  sendByteBurst: 262144,
};

/** A room message's frame beyond its room and content: type, ref and id. */
const FRAME_OVERHEAD = 96;

/** A room this client is in: its members as far as known, and where its history was left. */
class Room {
  constructor(client, name) {
    this.client = client;
    this.name = name;
    this.members = new Set();
    this.count = 0;
    /** Whether `members` lists every member (false in big rooms until fetchMembers, or after an unlisted diff). */
    this.complete = true;
    this.offset = null;
    this.epoch = null;
  }

  /** Pages through the room's members (for big rooms, whose `joined` carries only a count). */
  async fetchMembers(pageSize = 1000) {
    const all = new Set();
    let after;
    do {
      const page = await this.client._request({ type: 'members', room: this.name, limit: pageSize, after });
      page.users.forEach((u) => all.add(u));
      after = page.next;
    } while (after !== undefined);
    const before = this.members;
    this.members = all;
    this.complete = true;
    this.count = all.size;
    this.client._presence(this, [...all].filter((u) => !before.has(u)), [...before].filter((u) => !all.has(u)));
    return all;
  }
}

export class Roomcast {
  /**
   * @param url the /ws endpoint, e.g. ws://host:8080/ws
   * @param options user, token (string or function returning one, or a promise of one), WebSocket, batch, urls,
   *   backoffMinMs, backoffMaxMs, pingIntervalMs, deadAfterMs, maxUnsent
   */
  constructor(url, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.urls = options.urls && options.urls.length ? [...options.urls] : [url];
    this.WebSocket = options.WebSocket || globalThis.WebSocket;
    if (!this.WebSocket) {
      throw new Error('no WebSocket implementation: pass one in the options, e.g. { WebSocket } from the ws package');
    }
    this.state = 'closed';
    this.user = options.user || null;
    /** Rooms joined (or being joined) by name; they are re-joined after every reconnect. */
    this.rooms = new Map();
    this._listeners = new Map();
    this._waiting = new Map(); // ref -> {resolve, reject}
    this._unsent = []; // room messages not yet accepted: {room, content, id, resolve, reject, ref}
    this._nextRef = 1;
    this._socket = null;
    this._urlIndex = 0;
    this._attempt = 0;
    this._wanted = false;
    this._timers = new Set();
    this._tokens = this.options.sendBurst;
    this._byteTokens = this.options.sendByteBurst;
    this._tokensAt = Date.now();
    this._pumpTimer = null;
  }

  on(event, listener) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(listener);
    return this;
  }

  off(event, listener) {
    this._listeners.get(event)?.delete(listener);
    return this;
  }

  /** Connects (and keeps reconnecting until close()); resolves once the server has said welcome. */
  connect() {
    if (this._wanted && this._connected) return this._connected;
    this._wanted = true;
    this._connected = new Promise((resolve, reject) => {
      this._onWelcome = resolve;
      this._onGiveUp = reject;
    });
    this._setState('connecting');
    this._open();
    return this._connected;
  }

  /** Joins a room; resolves with the room on `joined`. The room is re-joined after every reconnect. */
  join(name) {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(this, name);
      this.rooms.set(name, room);
    }
    if (room._joining) return room._joining;
    room._joining = new Promise((resolve, reject) => {
      room._resolve = resolve;
      room._reject = reject;
    });
    if (this.state === 'open' && !room._inFlight) this._sendJoin(room);
    return room._joining;
  }

  /** Leaves a room (resolves on `left`); it is not re-joined. */
  async leave(name) {
    const room = this.rooms.get(name);
    this.rooms.delete(name);
    this._unsent = this._unsent.filter((m) => {
      if (m.room !== name) return true;
      m.reject(new RoomcastError('not_member', 'left ' + name + ' before the message was accepted'));
      return false;
    });
    if (room && room._reject && !room._joined) room._reject(new RoomcastError('left', 'left before joined'));
    if (this.state !== 'open') return;
    await this._request({ type: 'leave', room: name });
  }

  /**
   * Sends a message to a room; resolves with {offset} once it is in the room's history. Until then it is kept
   * and resent with the same id after a reconnect, so it is published once. Rejects with the error code.
   */
  send(room, content) {
    if (!this.rooms.has(room)) {
      return Promise.reject(new RoomcastError('not_member', 'join ' + room + ' first'));
    }
    if (this._unsent.length >= this.options.maxUnsent) {
      return Promise.reject(new RoomcastError('queue_full', `${this.options.maxUnsent} messages are waiting already`));
    }
    return new Promise((resolve, reject) => {
      this._unsent.push({ room, content, id: randomId(), resolve, reject, ref: null, written: false });
      this._pump();
    });
  }

  /** A private message to every connection of `to`; rejects with unknown_user when nobody by that id is connected. */
  private(to, content) {
    return this._confirmed({ type: 'private', to, content });
  }

  /** To every connected client; resolves once the server has taken it. */
  broadcast(content) {
    return this._confirmed({ type: 'broadcast', content });
  }

  /** Closes for good: no reconnect; waiting promises are rejected. */
  close() {
    this._wanted = false;
    this._clearTimers();
    const socket = this._socket;
    this._socket = null;
    if (socket) {
      detach(socket);
      try {
        socket.close(1000, 'closed by client');
      } catch (ignored) {
        // already closing
      }
    }
    this._giveUp(new RoomcastError('closed', 'the client was closed'));
    this._setState('closed', { code: 1000, reason: 'normal' });
  }

  /** Settles everything still waiting: requests, unsent messages, joins not yet answered, connect(). */
  _giveUp(error) {
    this._failWaiting(error);
    this._unsent.forEach((m) => m.reject(error));
    this._unsent = [];
    this.rooms.forEach((room) => {
      if (room._resolve) {
        room._reject(error);
        room._resolve = null;
      }
    });
    this._onGiveUp?.(error);
  }

  // ---- connection ---------------------------------------------------------------------------------------

  async _open() {
    if (!this._wanted) return;
    let url;
    try {
      url = await this._url();
    } catch (e) {
      if (!this._wanted) return;
      this._emit('error', new RoomcastError('token_failed', String(e && e.message ? e.message : e)));
      this._scheduleReconnect(1006);
      return;
    }
    if (!this._wanted) return;
    let socket;
    try {
      socket = new this.WebSocket(url);
    } catch (e) {
      this._emit('error', new RoomcastError('connect_failed', String(e && e.message ? e.message : e)));
      this._scheduleReconnect(1006);
      return;
    }
    this._socket = socket;
    this._lastHeard = Date.now();
    this._lastPing = Date.now();
    socket.onmessage = (event) => this._onFrame(event.data);
    socket.onclose = (event) => this._onClose(socket, event.code, event.reason);
    socket.onerror = () => {}; // a close follows
    this._watch(socket);
  }

  async _url() {
    const base = this.urls[this._urlIndex % this.urls.length];
    // A refusal that retrying cannot fix comes as a 4400/4401/4403 close a browser can read, not an HTTP status it cannot.
    const params = ['refusal=close'];
    // The id learned at welcome keeps an anonymous user the same across reconnects; with a token, its sub is the id.
    if (this.user && !this.options.token) params.push('id=' + encodeURIComponent(this.user));
    if (this.options.batch) params.push('batch=1');
    const token = this.options.token;
    if (token) {
      const value = typeof token === 'function' ? await token() : token;
      if (value) params.push('access_token=' + encodeURIComponent(value));
    }
    return base + (base.includes('?') ? '&' : '?') + params.join('&');
  }

  /** Our own ping keeps the link busy; silence for deadAfterMs means it is dead (pings from the server are invisible to browsers). */
  _watch(socket) {
    const timer = setInterval(() => {
      if (this._socket !== socket) {
        clearInterval(timer);
        this._timers.delete(timer);
        return;
      }
      if (Date.now() - this._lastHeard > this.options.deadAfterMs) {
        clearInterval(timer);
        this._timers.delete(timer);
        this._dropped(socket, 4000, 'no frame for ' + this.options.deadAfterMs + ' ms');
        return;
      }
      if (this.state === 'open' && Date.now() - this._lastPing >= this.options.pingIntervalMs) {
        this._write({ type: 'ping' });
      }
    }, Math.min(1000, this.options.pingIntervalMs, this.options.deadAfterMs / 4));
    this._timers.add(timer);
  }

  _onClose(socket, code, reason) {
    if (this._socket !== socket) return; // an old socket we already gave up on
    this._dropped(socket, code, reason);
  }

  _dropped(socket, code, reason) {
    this._socket = null;
    detach(socket);
    if (code === 4000) {
      try {
        if (typeof socket.terminate === 'function') socket.terminate(); // ws: no close handshake on a dead link
        else socket.close(4000, 'heartbeat lost');
      } catch (ignored) {
        // already gone
      }
    }
    const shutdown = this._shutdown;
    this._shutdown = null;
    this._failWaiting(new RoomcastError('disconnected', closeReason(code)));
    this.rooms.forEach((room) => {
      room._joined = false;
      room._inFlight = false;
    });
    this._unsent.forEach((m) => {
      m.written = false; // written to a connection that is gone: goes again, with its id, after the re-join
    });
    if (!this._wanted) return;
    const refused = refusalOf(code, reason);
    if (refused) {
      // the same request would be refused again (a bad id, a refused token, a forbidden origin): stop here
      this._end(code, new RoomcastError(refused.code, refused.message), { code, reason: refused.code, message: refused.message });
      return;
    }
    if (code === 1008 || code === 4003 || code === 4004) {
      // with a token function the next attempt asks it again; a 4004 (disconnected by a backend) always ends it
      if (code === 4004 || typeof this.options.token !== 'function') {
        this._end(code, new RoomcastError(closeReason(code), reason || 'the server closed with ' + code), { code, reason: closeReason(code) });
        return;
      }
    }
    this._scheduleReconnect(code, shutdown);
  }

  /** No reconnect: reports the error, settles everything waiting and ends in the closed state. */
  _end(code, error, info) {
    this._emit('error', error);
    this._wanted = false;
    this._clearTimers();
    this._giveUp(error);
    this._setState('closed', info);
  }

  _scheduleReconnect(code, shutdown) {
    this._urlIndex++; // the next endpoint, if there are several
    let delay;
    if (shutdown) {
      delay = shutdown.reconnect_after_ms; // the server spreads its clients' delays already
    } else {
      const ceiling = Math.min(this.options.backoffMaxMs, this.options.backoffMinMs * 2 ** this._attempt);
      delay = Math.random() * ceiling; // full jitter
      this._attempt++;
    }
    this._setState('reconnecting', { code, reason: closeReason(code), delayMs: Math.round(delay), at: Date.now() + delay });
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      this._open();
    }, delay);
    this._timers.add(timer);
  }

  // ---- frames -------------------------------------------------------------------------------------------

  _onFrame(data) {
    this._lastHeard = Date.now();
    const text = typeof data === 'string' ? data : data.toString();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      this._emit('error', new RoomcastError('malformed_frame', text.slice(0, 200)));
      return;
    }
    if (Array.isArray(parsed)) parsed.forEach((m) => this._handle(m)); // a batched frame
    else this._handle(parsed);
  }

  _handle(m) {
    switch (m.type) {
      case 'welcome':
        this.user = m.id;
        this._attempt = 0;
        this._setState('open', { user: m.id });
        this._onWelcome?.(m.id);
        this._onWelcome = null;
        this.rooms.forEach((room) => {
          if (!room._inFlight && !room._joined) this._sendJoin(room); // a listener may have joined it already
        });
        return;
      case 'joined':
        return this._joined(m);
      case 'message':
        return this._message(m);
      case 'accepted':
        return this._accepted(m);
      case 'user_joined':
        return this._change(m.room, [m.user], []);
      case 'user_left':
        return this._change(m.room, [], [m.user]);
      case 'presence_diff':
        return this._diff(m);
      case 'private':
        return this._emit('private', { from: m.from, content: m.content, ts: m.ts });
      case 'broadcast':
        return this._emit('broadcast', { from: m.from, content: m.content, ts: m.ts });
      case 'server_shutdown':
        this._shutdown = m; // the 1001 close follows
        return this._emit('shutdown', { reason: m.reason, reconnectAfterMs: m.reconnect_after_ms });
      case 'error':
        return this._error(m);
      default:
        return this._settle(m.ref, m); // pong, left, members
    }
  }

  _sendJoin(room) {
    const request = { type: 'join', room: room.name };
    if (room.offset !== null && room.epoch !== null) request.since = { offset: room.offset, epoch: room.epoch };
    room._since = request.since || null;
    room._inFlight = true;
    this._request(request).catch((e) => {
      room._inFlight = false;
      if (e.code === 'disconnected' || e.code === 'closed') return; // joined again after the reconnect, or closed
      this.rooms.delete(room.name);
      this._unsent = this._unsent.filter((u) => {
        if (u.room !== room.name) return true;
        u.reject(e); // the room is gone: what waited to be sent there fails with the join's error
        return false;
      });
      if (room._resolve) {
        room._reject(e);
        room._resolve = null;
      } else {
        this._emit('error', e); // a room joined before could not be joined again after a reconnect
      }
    });
  }

  _joined(m) {
    this._settle(m.ref, m);
    const room = this.rooms.get(m.room);
    if (!room) return;
    const since = room._since;
    const before = room.members;
    if (Array.isArray(m.members)) {
      room.members = new Set(m.members);
      room.complete = true;
    } else {
      room.members = new Set();
      room.complete = false;
    }
    room.count = m.member_count ?? room.members.size;
    if (m.offset !== undefined) { // replayed messages (same epoch) take the offset from `since` up to the latest
      room.offset = since && m.epoch === since.epoch ? since.offset : m.offset;
      room._latest = m.offset;
      room.epoch = m.epoch;
    }
    room._joined = true;
    room._inFlight = false;
    if (since) {
      const missed = m.epoch === since.epoch && m.offset !== undefined ? m.offset - since.offset : null;
      this._emit('resumed', { room: m.room, recovered: m.recovered === true, missed });
    }
    const joined = [...room.members].filter((u) => !before.has(u));
    const left = room.complete ? [...before].filter((u) => !room.members.has(u)) : [];
    this._presence(room, joined, left);
    if (room._resolve) {
      room._resolve(room);
      room._resolve = null;
    }
    this._pump(); // what waits for this room goes (again, with its id)
  }

  _message(m) {
    const room = this.rooms.get(m.room);
    if (room && m.offset !== undefined) {
      if (room.offset !== null && m.offset <= room.offset) return; // already seen (a resend's echo after replay)
      room.offset = m.offset;
    }
    this._emit('message', { room: m.room, from: m.from, content: m.content, ts: m.ts, offset: m.offset });
  }

  /** Writes unsent messages of joined rooms, in order, no faster than sendsPerSecond. */
  _pump() {
    if (this.state !== 'open') return;
    const now = Date.now();
    const o = this.options;
    this._tokens = Math.min(o.sendBurst, this._tokens + ((now - this._tokensAt) * o.sendsPerSecond) / 1000);
    this._byteTokens = Math.min(o.sendByteBurst, this._byteTokens + ((now - this._tokensAt) * o.sendBytesPerSecond) / 1000);
    this._tokensAt = now;
    for (const message of this._unsent) {
      if (message.written || !this.rooms.get(message.room)?._joined) continue;
      // a message over the byte burst goes when the bucket is full
      const bytes = Math.min(o.sendByteBurst, message.room.length + JSON.stringify(message.content).length + FRAME_OVERHEAD);
      if (this._tokens < 1 || this._byteTokens < bytes) {
        if (!this._pumpTimer) {
          const waitMs = Math.max(((1 - this._tokens) * 1000) / o.sendsPerSecond, ((bytes - this._byteTokens) * 1000) / o.sendBytesPerSecond);
          this._pumpTimer = setTimeout(() => {
            this._timers.delete(this._pumpTimer);
            this._pumpTimer = null;
            this._pump();
          }, Math.ceil(waitMs));
          this._timers.add(this._pumpTimer);
        }
        return;
      }
      this._tokens -= 1;
      this._byteTokens -= bytes;
      this._sendMessage(message);
    }
  }

  _sendMessage(message) {
    message.written = true;
    message.ref = 'm' + this._nextRef++;
    this._waiting.set(message.ref, {
      resolve: (accepted) => {
        this._unsent = this._unsent.filter((u) => u !== message);
        message.resolve({ offset: accepted.offset });
      },
      reject: (error) => {
        if (error.code === 'disconnected') return; // stays unsent: resent after the reconnect
        this._unsent = this._unsent.filter((u) => u !== message);
        message.reject(error);
      },
    });
    this._write({ type: 'message', room: message.room, content: message.content, id: message.id, ref: message.ref });
  }

  _accepted(m) {
    this._settle(m.ref, m);
  }

  _change(name, joined, left) {
    const room = this.rooms.get(name);
    if (!room) return;
    joined.forEach((u) => room.members.add(u));
    left.forEach((u) => room.members.delete(u));
    if (room.complete) room.count = room.members.size;
    else room.count += joined.length - left.length;
    this._presence(room, joined, left);
  }

  _diff(m) {
    const room = this.rooms.get(m.room);
    if (!room) return;
    if (m.unlisted !== undefined) {
      room.complete = false; // too many changes to name: the count is right, the names are not known
      room.count = m.count;
      this._presence(room, [], []);
      return;
    }
    m.joined.forEach((u) => room.members.add(u));
    m.left.forEach((u) => room.members.delete(u));
    room.count = m.count;
    this._presence(room, m.joined, m.left);
  }

  _presence(room, joined, left) {
    this._emit('presence', {
      room: room.name,
      members: room.members,
      count: room.count,
      complete: room.complete,
      joined: joined.length ? joined : undefined,
      left: left.length ? left : undefined,
    });
  }

  _error(m) {
    const error = new RoomcastError(m.code, m.message);
    if (m.ref !== undefined && this._waiting.has(String(m.ref))) {
      const waiter = this._waiting.get(String(m.ref));
      this._waiting.delete(String(m.ref));
      waiter.reject(error);
      return;
    }
    this._emit('error', error);
  }

  _settle(ref, m) {
    if (ref === undefined) return;
    const waiter = this._waiting.get(String(ref));
    if (waiter) {
      this._waiting.delete(String(ref));
      waiter.resolve(m);
    }
  }

  // ---- requests -----------------------------------------------------------------------------------------

  _request(request) {
    if (this.state !== 'open') return Promise.reject(new RoomcastError('disconnected', 'not connected'));
    return new Promise((resolve, reject) => {
      const ref = 'r' + this._nextRef++;
      this._waiting.set(ref, { resolve, reject });
      this._write({ ...request, ref });
    });
  }

  /** Private and broadcast have no reply on success: a ping right behind them does (replies come in order). */
  async _confirmed(request) {
    if (this.state !== 'open') throw new RoomcastError('disconnected', 'not connected');
    const ref = 'c' + this._nextRef++;
    const outcome = new Promise((resolve, reject) => this._waiting.set(ref, { resolve, reject }));
    this._write({ ...request, ref });
    const pong = this._request({ type: 'ping' });
    outcome.catch(() => {}); // the race below reports the first; the other must not be an unhandled rejection
    pong.catch(() => {});
    try {
      await Promise.race([outcome, pong]);
    } finally {
      this._waiting.delete(ref);
    }
  }

  _write(request) {
    const socket = this._socket;
    if (!socket || socket.readyState !== 1) return;
    if (request.type === 'ping') this._lastPing = Date.now();
    socket.send(JSON.stringify(request));
  }

  /** Messages waiting for `accepted` ignore `disconnected`: they stay unsent and go again after the reconnect. */
  _failWaiting(error) {
    const waiting = [...this._waiting.values()];
    this._waiting.clear();
    waiting.forEach((w) => w.reject(error));
  }

  _clearTimers() {
    this._timers.forEach((t) => {
      clearTimeout(t);
      clearInterval(t);
    });
    this._timers.clear();
    this._pumpTimer = null;
  }

  _setState(state, info = {}) {
    this.state = state;
    this._emit('state', state, info);
  }

  _emit(event, ...args) {
    const listeners = this._listeners.get(event);
    if (!listeners || listeners.size === 0) {
      if (event === 'error' && typeof console !== 'undefined') console.warn('roomcast:', args[0]?.message);
      return;
    }
    listeners.forEach((listener) => {
      try {
        listener(...args);
      } catch (e) {
        if (typeof console !== 'undefined') console.error('roomcast: a listener threw', e);
      }
    });
  }
}

function detach(socket) {
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = () => {};
}

function randomId() {
  const bytes = new Uint8Array(12);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256); // Node 18 without --experimental-global-webcrypto

  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
