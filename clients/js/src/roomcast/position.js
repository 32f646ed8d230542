// Where the client is in one stream of offsets (a room's history, the user's inbox, the broadcast stream): the
// last offset it saw and the epoch naming that history, which it resumes from after a reconnect; the latest
// offset it knows of; and where the user stopped reading, from which the unread count follows.

export class Position {
  constructor() {
    /** The last offset seen (the `since` of the next connect), and the history it belongs to. */
    this.offset = null;
    this.epoch = null;
    /** The highest offset known: the stream's latest at (re)connect, or a later message. */
    this.latest = null;
    /** Where the user stopped reading (from any of their connections), and the epoch that offset counts in. */
    this.readOffset = null;
    this.readEpoch = null;
  }

  /** Messages after the read position: null while that is unknown or counts in another history (none: any). */
  get unread() {
    if (this.readOffset === null || this.latest === null) return null;
    if (this.readEpoch !== null && this.readEpoch !== this.epoch) return null;
    return Math.max(0, this.latest - this.readOffset);
  }

  /** The position to resume from at the next connect: {offset, epoch}, or null before one is known. */
  since() {
    return this.offset !== null && this.epoch !== null ? { offset: this.offset, epoch: this.epoch } : null;
  }

  /**
   * The server's answer at (re)connect: {offset, epoch} of the stream's latest, and whether `since` (what this
   * client asked to resume from) was recovered. What it missed is replayed next, so the position stays at `since`
   * within the same epoch. In another epoch a room replays nothing, while the inbox and the broadcasts replay all
   * they hold (replaysOtherEpoch): from the start, then. Without an offset the position is unknown and stays.
   * @returns {recovered, missed} for a `since`, null otherwise
   */
  resume(info, since, replaysOtherEpoch) {
    const known = info.offset !== undefined && info.offset !== null;
    if (known) {
      if (since && info.epoch === since.epoch) this.offset = since.offset;
      else this.offset = since && replaysOtherEpoch ? 0 : info.offset;
      this.epoch = info.epoch;
      this.latest = info.offset;
    }
    if (!since) return null;
    const missed = known && info.epoch === since.epoch ? info.offset - since.offset : null;
    return { recovered: info.recovered === true, missed };
  }

  /** A message at this offset arrived: false when it was seen already (a replay overlapping live traffic). */
  seen(offset) {
    if (offset === undefined || offset === null) return true; // history off: nothing to track
    if (this.offset !== null && offset <= this.offset) return false;
    this.offset = offset;
    if (this.latest === null || offset > this.latest) this.latest = offset;
    return true;
  }

  /** The user's read position, as the server last told it (absent: never read, or read in another epoch). */
  readAt(offset, epoch) {
    this.readOffset = offset ?? null;
    this.readEpoch = offset === undefined || offset === null ? null : epoch ?? null;
  }
}
