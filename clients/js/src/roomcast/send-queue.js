// What the client sends that must arrive once: room messages, private messages and broadcasts. Each is kept
// until the server's `accepted`, resent with its original `id` after a reconnect (the server stores an id once),
// and written in order no faster than the server's request and byte rates allow.
import { RoomcastError } from './errors.js';

/** A frame's room or recipient, type, id and ref beyond its content's JSON. */
const FRAME_OVERHEAD = 96;

export class SendQueue {
  /**
   * @param options maxUnsent, sendsPerSecond, sendBurst, sendBytesPerSecond, sendByteBurst
   * @param hooks open(): whether frames can go now; ready(frame): whether this one can (a room message waits
   *   for its room's `joined`); write(frame); replies: the Replies its `accepted` settles
   */
  constructor(options, hooks) {
    this.options = options;
    this.hooks = hooks;
    this._items = []; // {frame, bytes, resolve, reject, written}
    this._tokens = options.sendBurst;
    this._byteTokens = options.sendByteBurst;
    this._tokensAt = Date.now();
    this._timer = null;
  }

  /** How many wait for `accepted`. */
  get length() {
    return this._items.length;
  }

  /** Queues the frame under a fresh id; resolves with {offset} at `accepted`, rejects with its error. */
  add(frame) {
    if (this._items.length >= this.options.maxUnsent) {
      return Promise.reject(new RoomcastError('queue_full', `${this.options.maxUnsent} messages are waiting already`));
    }
    return new Promise((resolve, reject) => {
      const item = { frame: { ...frame, id: randomId() }, resolve, reject, written: false };
      // a message over the byte burst goes when the bucket is full
      item.bytes = Math.min(this.options.sendByteBurst, JSON.stringify(item.frame).length + FRAME_OVERHEAD);
      this._items.push(item);
      this.pump();
    });
  }

  /** Writes what is ready, in order, as fast as the buckets allow; comes back by timer for the rest. */
  pump() {
    if (!this.hooks.open()) return;
    const now = Date.now();
    const o = this.options;
    this._tokens = Math.min(o.sendBurst, this._tokens + ((now - this._tokensAt) * o.sendsPerSecond) / 1000);
    this._byteTokens = Math.min(o.sendByteBurst, this._byteTokens + ((now - this._tokensAt) * o.sendBytesPerSecond) / 1000);
    this._tokensAt = now;
    for (const item of this._items) {
      if (item.written || !this.hooks.ready(item.frame)) continue;
      if (this._tokens < 1 || this._byteTokens < item.bytes) {
        if (!this._timer) {
          const waitMs = Math.max(((1 - this._tokens) * 1000) / o.sendsPerSecond, ((item.bytes - this._byteTokens) * 1000) / o.sendBytesPerSecond);
          this._timer = setTimeout(() => {
            this._timer = null;
            this.pump();
          }, Math.ceil(waitMs));
        }
        return;
      }
      this._tokens -= 1;
      this._byteTokens -= item.bytes;
      this._write(item);
    }
  }

  /** The connection is gone: what was written to it goes again, with its id, on the next one. */
  lost() {
    this._items.forEach((item) => {
      item.written = false;
    });
  }

  /** Rejects and forgets the frames that match (a room left, or refused at its re-join). */
  drop(matches, error) {
    this._items = this._items.filter((item) => {
      if (!matches(item.frame)) return true;
      item.reject(error);
      return false;
    });
  }

  /** Rejects everything (the client closed or stopped for good). */
  failAll(error) {
    this.drop(() => true, error);
    this.stop();
  }

  stop() {
    clearTimeout(this._timer);
    this._timer = null;
  }

  _write(item) {
    item.written = true;
    const ref = this.hooks.replies.nextRef('m');
    this.hooks.replies.expect(ref, {
      resolve: (accepted) => {
        this._forget(item);
        item.resolve({ offset: accepted.offset });
      },
      reject: (error) => {
        if (error.code === 'disconnected') return; // stays: resent after the reconnect
        this._forget(item);
        item.reject(error);
      },
    });
    this.hooks.write({ ...item.frame, ref });
  }

  _forget(item) {
    this._items = this._items.filter((i) => i !== item);
  }
}

function randomId() {
  const bytes = new Uint8Array(12);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256); // Node 18 without --experimental-global-webcrypto
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
