// Named events with listeners that cannot break the client: one that throws is reported, the others still run.

export class Emitter {
  constructor() {
    this._listeners = new Map();
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

  /** An `error` nobody listens to goes to the console rather than nowhere. */
  _emit(event, ...args) {
    const listeners = this._listeners.get(event);
    if (!listeners || listeners.size === 0) {
      if (event === 'error' && typeof console !== 'undefined') console.warn('roomcast:', args[0]?.message);
      return;
    }
    [...listeners].forEach((listener) => {
      try {
        listener(...args);
      } catch (e) {
        if (typeof console !== 'undefined') console.error('roomcast: a listener threw', e);
      }
    });
  }
}
