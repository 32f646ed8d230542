// The chat demo at /: everything goes through roomcast.js. ?ws=url1,url2 lists endpoints to rotate through
// on reconnect (default: this page's own server). Read positions are the user's, on every page and device: the
// room shown on a visible page is read; the others count what is unread, and a marker shows where that starts
// (demo-reads.js). Where the inbox and the broadcasts were left is kept in this browser (demo-positions.js), so a
// page opened later gets the privates sent while none was open.
import { keepPositions, savedPositions } from './demo-positions.js';
import { ReadMarkers } from './demo-reads.js';
import { Roomcast } from './roomcast.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const own = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
const urls = params.get('ws') ? params.get('ws').split(',') : [own];

let client = null;
let current = null; // the room shown
const logs = new Map(); // room -> list items; '' holds what came before any room was shown (the first one shown takes it)
let countdown = null;
let reads = null; // the ReadMarkers

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('name').value.trim();
  client = new Roomcast(urls[0], { user: name, urls, ...savedPositions(name) });
  keepPositions(client, name);
  reads = new ReadMarkers(client, () => current);
  client.on('state', showState);
  client.on('message', (m) => {
    add(m.room, line('message', m.room, m.from, text(m.content), m.offset, client.rooms.get(m.room)?.epoch));
    if (m.room === current) reads.readSoon();
    showRooms();
  });
  client.on('read', showRooms); // on this page or another of the user's: the counts follow
  client.on('private', (m) => add(current, line('private', 'private', m.from, text(m.content))));
  client.on('broadcast', (m) => add(current, line('broadcast', 'everyone', m.from, text(m.content))));
  client.on('presence', (p) => {
    (p.joined || []).filter((u) => u !== client.user).forEach((u) => add(p.room, notice(`${u} joined`)));
    (p.left || []).forEach((u) => add(p.room, notice(`${u} left`)));
    if (p.room === current) showMembers();
  });
  client.on('resumed', (r) => {
    if (!r.room) { // the inbox or the broadcasts: missed ones were replayed like any other; only a hole is news
      const first = client.state === 'connecting'; // this page's first connect, from a saved position or everything held
      if (r.recovered || (first && r.missed === null)) return; // everything held: nothing to say
      add(current, notice(`some ${r.inbox ? 'private messages' : 'broadcasts'} were missed while ${first ? 'away' : 'disconnected'}`, 'bad'));
      return;
    }
    if (r.recovered) add(r.room, notice(r.missed ? `recovered ${r.missed} message${r.missed === 1 ? '' : 's'}` : 'back, nothing missed', 'good'));
    else add(r.room, notice('some messages were missed while disconnected', 'bad'));
  });
  client.on('shutdown', (s) => add(current, notice(`server is restarting (${s.reason}); moving to another one`)));
  client.on('error', (e) => add(current, notice(e.message, 'bad')));
  $('login').hidden = true;
  $('chat').hidden = false;
  try {
    await client.connect();
    await join(params.get('room') || 'lobby');
  } catch (e) {
    if (client.state !== 'closed') add(current, notice(e.message, 'bad')); // a refusal: the 'error' listener showed it
  }
});

$('join').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('room-name').value.trim();
  $('room-name').value = '';
  try {
    await join(name);
  } catch (e) {
    add(current, notice(`could not join ${name}: ${e.code || e.message}`, 'bad'));
  }
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || !current) return;
  reads.hold(current); // what came while hidden is new
  showLog();
  reads.readShown();
});

$('mode').addEventListener('change', () => {
  $('to').hidden = $('mode').value !== 'private';
});

$('compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = $('text').value;
  const mode = $('mode').value;
  $('text').value = '';
  try {
    if (mode === 'room') {
      if (!current) throw new Error('join a room first');
      await client.send(current, body);
    } else if (mode === 'private') {
      await client.private($('to').value.trim(), body);
      add(current, line('private', 'to ' + $('to').value.trim(), client.user, body));
    } else {
      await client.broadcast(body);
    }
  } catch (e) {
    add(current, notice(`not sent: ${e.code || e.message}`, 'bad'));
  }
});

async function join(name) {
  await client.join(name);
  show(name);
}

/** Shows a room: the marker stays where its read position was until another room is shown; the room is read. */
function show(name) {
  reads.readShown(); // what arrived in the room being left was seen: read it now rather than after the burst
  current = name;
  if (name) {
    reads.hold(name);
    if (logs.has('')) logs.set(name, [...logs.get(''), ...(logs.get(name) || [])]); // privates replayed at connect
    logs.delete('');
  }
  showRooms();
  showLog();
  showMembers();
  reads.readShown();
}

function showRooms() {
  $('rooms').replaceChildren(...[...client.rooms.entries()].map(([room, state]) => {
    const item = document.createElement('li');
    item.className = room === current ? 'current' : '';
    item.textContent = '# ' + room;
    item.dataset.room = room;
    if (room !== current && state.unread > 0) {
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.title = `${state.unread} unread`;
      unread.textContent = state.unread;
      item.append(unread);
    }
    item.addEventListener('click', () => show(room));
    const leave = document.createElement('button');
    leave.className = 'link';
    leave.type = 'button';
    leave.title = 'leave ' + room;
    leave.textContent = '×';
    leave.addEventListener('click', async (event) => {
      event.stopPropagation();
      await client.leave(room).catch((e) => add(current, notice(e.message, 'bad')));
      logs.delete(room);
      reads.forget(room);
      show(client.rooms.keys().next().value || null);
    });
    item.append(leave);
    return item;
  }));
}

/** The room's log, with the marker before the first message after where the user had read. */
function showLog() {
  $('log').replaceChildren(...reads.place(current, logs.get(current || '') || []));
  scroll();
}

function showMembers() {
  const room = current && client.rooms.get(current);
  $('count').textContent = room ? `(${room.count})` : '';
  $('members').replaceChildren(...(room ? [...room.members].sort() : []).map((user) => {
    const item = document.createElement('li');
    item.textContent = user;
    if (user === client.user) item.className = 'me';
    return item;
  }));
}

function showState(state, info) {
  const badge = $('state');
  badge.className = 'state ' + state;
  clearInterval(countdown);
  if (state === 'reconnecting') {
    const tick = () => {
      const left = Math.max(0, Math.ceil((info.at - Date.now()) / 1000));
      badge.textContent = `reconnecting in ${left} s (${info.reason})`;
    };
    tick();
    countdown = setInterval(tick, 250);
    add(current, notice(`disconnected (${info.reason})`, 'bad'));
  } else if (state === 'open') {
    badge.textContent = 'connected as ' + info.user;
  } else if (state === 'closed' && info.message) { // the server refused the connection; retrying cannot help
    badge.classList.add('refused');
    badge.textContent = 'refused: ' + info.reason;
  } else {
    badge.textContent = state === 'connecting' ? 'connecting…' : 'offline';
  }
}

/** A log line; a room message's with its offset and the epoch that offset counts in, for the read marker. */
function line(kind, where, who, body, offset, epoch) {
  const item = document.createElement('li');
  item.className = kind;
  if (offset !== undefined) item.dataset.offset = offset;
  if (epoch) item.dataset.epoch = epoch;
  const place = document.createElement('span');
  place.className = 'where';
  place.textContent = kind === 'message' ? '#' + where : where;
  const name = document.createElement('span');
  name.className = 'who';
  name.textContent = who;
  item.append(place, name, document.createTextNode(body));
  return item;
}

function notice(message, tone = '') {
  const item = document.createElement('li');
  item.className = 'notice ' + tone;
  item.textContent = message;
  return item;
}

function add(room, item) {
  const key = room || '';
  if (!logs.has(key)) logs.set(key, []);
  logs.get(key).push(item);
  if (key === (current || '')) {
    $('log').append(item);
    scroll();
  }
}

function scroll() {
  const log = $('log');
  log.scrollTop = log.scrollHeight;
}

function text(content) {
  return typeof content === 'string' ? content : JSON.stringify(content);
}
