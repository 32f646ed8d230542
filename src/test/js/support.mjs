// Shared by the Node scenarios: the client as the server serves it, the ws package, bounded waits.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';

export { WebSocket };

/**
 * Loads roomcast.js from a running instance (GET /roomcast.js and the modules it imports, /roomcast/*.js), so the
 * tests run what users download: written into a fresh directory here (under this package.json's "type": "module").
 */
export async function loadClient(wsUrl) {
  const base = new URL(wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '/'));
  const dir = await mkdtemp(join(dirname(fileURLToPath(import.meta.url)), 'served-'));
  const fetched = new Set();
  const download = async (path) => {
    if (fetched.has(path)) return;
    fetched.add(path);
    const response = await fetch(new URL(path, base));
    if (response.status !== 200) throw new Error(`GET /${path}: ${response.status}`);
    const source = await response.text();
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), source);
    const imports = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]);
    await Promise.all(imports.map((spec) => download(posix.join(posix.dirname(path), spec))));
  };
  await download('roomcast.js');
  return import(pathToFileURL(join(dir, 'roomcast.js')).href);
}

/** Waits until condition() is truthy, polling every 20 ms; fails after ms with what(). */
export async function until(what, condition, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the first event of that name for which match() holds; bounded. */
export function next(client, event, match = () => true, ms = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no matching '${event}' within ${ms} ms`));
    }, ms);
    const listener = (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args.length > 1 ? args : args[0]);
    };
    client.on(event, listener);
  });
}

/** Records every event of the given names in arrival order. */
export function record(client, ...events) {
  const seen = [];
  events.forEach((event) => client.on(event, (...args) => seen.push({ event, args })));
  return seen;
}

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error('environment variable ' + name + ' is not set');
  return value;
}

/**
 * A WebSocket (ws) whose links the test can cut as a network would (no close handshake: the client sees 1006), and
 * keep cut for a while: while held, every new attempt goes to a port nothing listens on and fails.
 */
export function droppable() {
  const sockets = [];
  let held = false;
  class Droppable extends WebSocket {
    constructor(url, ...rest) {
      super(held ? 'ws://127.0.0.1:1/ws' : url, ...rest);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Droppable,
    /** Cuts the current link and holds every reconnect attempt until release(). */
    cut() {
      held = true;
      sockets.at(-1).terminate();
    },
    release() {
      held = false;
    },
  };
}

/** The promise's outcome, or a failure naming what did not happen within ms. */
export function within(promise, what, ms = 10000) {
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
