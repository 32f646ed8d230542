// The demo's read positions: the room shown on a visible page is marked read (once a burst of messages is over),
// and a "new" marker stands where the user had stopped reading, held still while the room is shown. A read
// position counts in its epoch (its history): the marker is compared only with lines of the same one, as the
// client's unread count is (one stored without an epoch counts in any).

export class ReadMarkers {
  /** @param client the Roomcast client; shown() the room shown now, or null */
  constructor(client, shown) {
    this.client = client;
    this.shown = shown;
    this.markers = new Map(); // room -> {offset, epoch}: where the user had read when the room was shown
    this.timer = null;
  }

  /** Holds the marker where the room's read position is now (the room is being shown, or seen again). */
  hold(room) {
    const position = this.client.rooms.get(room);
    this.markers.set(room, { offset: position?.readOffset ?? null, epoch: position?.readEpoch ?? null });
  }

  forget(room) {
    this.markers.delete(room);
  }

  /** The room's log lines with the marker before the first one after where the user had read. */
  place(room, items) {
    const marker = this.markers.get(room);
    if (!marker || marker.offset === null) return items;
    const first = items.findIndex((li) => li.dataset.offset !== undefined && (marker.epoch === null || li.dataset.epoch === marker.epoch)
      && Number(li.dataset.offset) > marker.offset);
    if (first < 0) return items;
    const line = document.createElement('li');
    line.className = 'marker';
    line.textContent = 'new';
    return [...items.slice(0, first), line, ...items.slice(first)];
  }

  /** Reads the room shown while the page is seen: every page of the user hears it. */
  readShown() {
    clearTimeout(this.timer);
    this.timer = null;
    const name = this.shown();
    const room = name && this.client.rooms.get(name);
    if (!room || room.latest === null || room.unread === 0 || document.visibilityState !== 'visible') return;
    this.client.read(name).catch(() => {}); // not connected: read again at the next message or visit
  }

  /** ...once a burst of messages is over. */
  readSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.readShown(), 300);
  }
}
