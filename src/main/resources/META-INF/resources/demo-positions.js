// Where a user's inbox and the broadcasts were left, kept in this browser per user (localStorage), so that a
// page opened later (a reload, a new tab) resumes them: privates and broadcasts sent while no page of the user
// was open arrive when one is. Without a saved position the page asks for every private the server holds.
import { EVERYTHING_HELD } from './roomcast.js';

const key = (user) => 'roomcast.positions.' + user;
const valid = (since) => since && Number.isInteger(since.offset) && since.offset >= 0 && typeof since.epoch === 'string'
  && since.epoch.length > 0 && since.epoch.length <= 64;

function load(user) {
  try {
    const saved = JSON.parse(localStorage.getItem(key(user)));
    return { inbox: valid(saved?.inbox) ? saved.inbox : null, broadcasts: valid(saved?.broadcasts) ? saved.broadcasts : null };
  } catch (ignored) {
    return { inbox: null, broadcasts: null }; // nothing saved, or no storage (a private window may refuse it)
  }
}

/** The client options that resume where the last page of this user left off. */
export function savedPositions(user) {
  const saved = load(user);
  return { inboxSince: saved.inbox ?? EVERYTHING_HELD, broadcastSince: saved.broadcasts ?? undefined };
}

/** Saves the client's positions whenever they may have moved: at (re)connect and with each private or broadcast. */
export function keepPositions(client, user) {
  const save = () => {
    const positions = load(user); // a position not known (yet) keeps the saved one
    positions.inbox = client.inbox.since() ?? positions.inbox;
    positions.broadcasts = client.broadcasts.since() ?? positions.broadcasts;
    try {
      localStorage.setItem(key(user), JSON.stringify(positions));
    } catch (ignored) {
      // no storage: the next page starts afresh
    }
  };
  ['state', 'resumed', 'private', 'broadcast'].forEach((event) => client.on(event, save));
}
