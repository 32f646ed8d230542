// One WebSocket at a time, to each of the urls in turn, reopened with backoff until stop(): the client's states,
// its watchdog (our own pings; silence means a dead link) and the close codes after which it must not come back.
import { RoomcastError, closeReason, refusalOf } from './errors.js';

export class Connection {
  /**
   * @param hooks params(): the client's query parameters (id, resume positions), asked for every attempt;
   *   frame(m): each frame, batches unpacked; state(state, info): every change; error(e): a problem no promise
   *   waits for; lost(code): the socket is gone; ended(error): it stops for good (a refusal, 4004, ...)
   */
  constructor(urls, options, WebSocket, hooks) {
    this.urls = urls;
    this.options = options;
    this.WebSocket = WebSocket;
    this.hooks = hooks;
    /** 'connecting' | 'open' | 'reconnecting' | 'closed' */
    this.state = 'closed';
    /** Whether to keep reconnecting: from start() until stop() or an end. */
    this.wanted = false;
    this._socket = null;
    this._urlIndex = 0;
    this._attempt = 0;
    this._timers = new Set();
    this._shutdown = null;
  }

  get open() {
    return this.state === 'open';
  }

  /** Connects, and reconnects after every drop until stop(). */
  start() {
    this.wanted = true;
    this.setState('connecting');
    this._open();
  }

  /** No more reconnects; the socket, if any, is closed normally. The caller reports the state. */
  stop() {
    this.wanted = false;
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
  }

  /** The server said welcome: the link works, so the next drop starts the backoff afresh. */
  welcomed(user) {
    this._attempt = 0;
    this.setState('open', { user });
  }

  /** server_shutdown: the 1001 close that follows reconnects after the delay the server picked. */
  shuttingDown(notice) {
    this._shutdown = notice;
  }

  /** Sends a frame on the current socket; dropped when there is none (what matters is resent after the reconnect). */
  write(frame) {
    const socket = this._socket;
    if (!socket || socket.readyState !== 1) return;
    if (frame.type === 'ping') this._lastPing = Date.now();
    socket.send(JSON.stringify(frame));
  }

  setState(state, info = {}) {
    this.state = state;
    this.hooks.state(state, info);
  }

  async _open() {
    if (!this.wanted) return;
    let url;
    try {
      url = await this._url();
    } catch (e) {
      if (!this.wanted) return;
      this.hooks.error(new RoomcastError('token_failed', String(e && e.message ? e.message : e)));
      this._schedule(1006);
      return;
    }
    if (!this.wanted) return;
    let socket;
    try {
      socket = new this.WebSocket(url);
    } catch (e) {
      this.hooks.error(new RoomcastError('connect_failed', String(e && e.message ? e.message : e)));
      this._schedule(1006);
      return;
    }
    this._socket = socket;
    this._lastHeard = Date.now();
    this._lastPing = Date.now();
    socket.onmessage = (event) => this._onFrame(event.data);
    socket.onclose = (event) => {
      if (this._socket === socket) this._dropped(socket, event.code, event.reason); // else: one we gave up on already
    };
    socket.onerror = () => {}; // a close follows
    this._watch(socket);
  }

  async _url() {
    const base = this.urls[this._urlIndex % this.urls.length];
    // A refusal that retrying cannot fix comes as a 4400/4401/4403 close a browser can read, not an HTTP status it cannot.
    const params = ['refusal=close', ...this.hooks.params()];
    const token = this.options.token;
    if (token) {
      const value = typeof token === 'function' ? await token() : token;
      if (value) params.push('access_token=' + encodeURIComponent(value));
    }
    return base + (base.includes('?') ? '&' : '?') + params.join('&');
  }

  _onFrame(data) {
    this._lastHeard = Date.now();
    const text = typeof data === 'string' ? data : data.toString();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      this.hooks.error(new RoomcastError('malformed_frame', text.slice(0, 200)));
      return;
    }
    if (Array.isArray(parsed)) parsed.forEach((m) => this.hooks.frame(m)); // a batched frame
    else this.hooks.frame(parsed);
  }

  /** Our own ping keeps the link busy; silence for deadAfterMs means it is dead (pings from the server are invisible to browsers). */
  _watch(socket) {
    const timer = setInterval(() => {
      if (this._socket !== socket) {
        this._forget(timer);
        return;
      }
      if (Date.now() - this._lastHeard > this.options.deadAfterMs) {
        this._forget(timer);
        this._dropped(socket, 4000, 'no frame for ' + this.options.deadAfterMs + ' ms');
        return;
      }
      if (this.state === 'open' && Date.now() - this._lastPing >= this.options.pingIntervalMs) {
        this.write({ type: 'ping' });
      }
    }, Math.min(1000, this.options.pingIntervalMs, this.options.deadAfterMs / 4));
    this._timers.add(timer);
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
    this.hooks.lost(code);
    if (!this.wanted) return;
    const refused = refusalOf(code, reason);
    if (refused) {
      // the same request would be refused again (a bad id, a refused token, a forbidden origin): stop here
      this._end(new RoomcastError(refused.code, refused.message), { code, reason: refused.code, message: refused.message });
      return;
    }
    // with a token function the next attempt asks it again; a 4004 (disconnected by a backend) always ends it
    if (code === 4004 || ((code === 1008 || code === 4003) && typeof this.options.token !== 'function')) {
      this._end(new RoomcastError(closeReason(code), reason || 'the server closed with ' + code), { code, reason: closeReason(code) });
      return;
    }
    this._schedule(code, shutdown);
  }

  /** No reconnect: the client settles everything waiting, and the state ends closed. */
  _end(error, info) {
    this.wanted = false;
    this._clearTimers();
    this.hooks.ended(error);
    this.setState('closed', info);
  }

  _schedule(code, shutdown) {
    this._urlIndex++; // the next endpoint, if there are several
    let delay;
    if (shutdown) {
      delay = shutdown.reconnect_after_ms; // the server spreads its clients' delays already
    } else {
      const ceiling = Math.min(this.options.backoffMaxMs, this.options.backoffMinMs * 2 ** this._attempt);
      delay = Math.random() * ceiling; // full jitter
      this._attempt++;
    }
    this.setState('reconnecting', { code, reason: closeReason(code), delayMs: Math.round(delay), at: Date.now() + delay });
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      this._open();
    }, delay);
    this._timers.add(timer);
  }

  _forget(timer) {
    clearInterval(timer);
    this._timers.delete(timer);
  }

  _clearTimers() {
    this._timers.forEach((t) => {
      clearTimeout(t);
      clearInterval(t);
    });
    this._timers.clear();
  }
}

function detach(socket) {
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = () => {};
}
