// Shared by the Node scenarios: the client as the server serves it, the ws package, bounded waits.
import { WebSocket } from 'ws';

export { WebSocket };

/** Loads roomcast.js from a running instance (GET /roomcast.js), so the tests run what users download. */
export async function loadClient(wsUrl) {
  const http = wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
  const response = await fetch(http + '/roomcast.js');
  if (response.status !== 200) throw new Error('GET /roomcast.js: ' + response.status);
  const source = await response.text();
  return import('data:text/javascript;base64,' + Buffer.from(source).toString('base64'));
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
