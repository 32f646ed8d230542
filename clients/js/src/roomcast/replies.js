// Requests waiting for their reply: the server answers a request carrying `ref` with a frame (or an `error`)
// carrying the same `ref`. A reply settles its request; a lost connection fails every one still waiting.

export class Replies {
  /** @param write sends a frame on the current connection (dropped when there is none) */
  constructor(write) {
    this._write = write;
    this._waiting = new Map(); // ref -> {resolve, reject}
    this._next = 1;
  }

  /** A ref never used before on this client; the prefix only helps reading a frame log. */
  nextRef(prefix) {
    return prefix + this._next++;
  }

  /** Writes the request with a fresh ref; resolves with the reply, rejects with the error frame's RoomcastError. */
  request(frame, prefix = 'r') {
    return new Promise((resolve, reject) => {
      const ref = this.nextRef(prefix);
      this._waiting.set(ref, { resolve, reject });
      this._write({ ...frame, ref }); // the ref goes last: the server still finds it when a field before it is wrong
    });
  }

  /** Waits for the reply to a request written by the caller under this ref. */
  expect(ref, waiter) {
    this._waiting.set(String(ref), waiter);
  }

  /** Resolves the request with this ref, if one waits; false when none did. */
  settle(ref, reply) {
    const waiter = this._take(ref);
    if (!waiter) return false;
    waiter.resolve(reply);
    return true;
  }

  /** Rejects the request with this ref, if one waits; false when none did (the error is then nobody's). */
  fail(ref, error) {
    const waiter = this._take(ref);
    if (!waiter) return false;
    waiter.reject(error);
    return true;
  }

  /** Rejects every request still waiting (the connection is gone, or the client closed). */
  failAll(error) {
    const waiting = [...this._waiting.values()];
    this._waiting.clear();
    waiting.forEach((w) => w.reject(error));
  }

  _take(ref) {
    if (ref === undefined || ref === null) return undefined;
    const waiter = this._waiting.get(String(ref));
    if (waiter) this._waiting.delete(String(ref));
    return waiter;
  }
}
