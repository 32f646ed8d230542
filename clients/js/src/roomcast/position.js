// Where the client is in one stream of offsets (a room's history, the user's inbox, the broadcast stream): the
// last offset it saw and the epoch naming that history, which it resumes from after a reconnect; the latest
// offset it knows of; and where the user stopped reading, from which the unread count follows.

/**
 * A `since` that gets everything a stream holds: the server replays all it holds for an epoch it does not know
 * (server epochs are random and never 'new'; were one 'new', after offset 0 is everything anyway).
 */
export const EVERYTHING_HELD = Object.freeze({ offset: 0, epoch: 'new' });

export class Position {
  constructor() {
    /** The last offset seen, and the history it belongs to (null after the stream started again unseen). */
    this.offset = null;
    this.epoch = null;
    /** The highest offset known: the stream's latest at (re)connect, or a later message. */
    this.latest = null;
    /** Where the user stopped reading (from any of their connections), and the epoch that offset counts in. */
    this.readOffset = null;
    this.readEpoch = null;
    /** While the server replays what was missed: the last offset of that replay (null when none is under way). */
    this._replayEnd = null;
  }

  /** Messages after the read position: null while that is unknown or counts in another history (none: any). */
  get unread() {
    if (this.readOffset === null || this.latest === null) return null;
    if (this.readEpoch !== null && this.readEpoch !== this.epoch) return null;
    return Math.max(0, this.latest - this.readOffset);
  }

  /**
   * The position to resume from at the next connect: {offset, epoch}, or null before one is known. After the
   * stream started again under an open connection its epoch is not known: EVERYTHING_HELD, then.
   */
  since() {
    if (this.offset === null) return null;
    return this.epoch === null ? { ...EVERYTHING_HELD } : { offset: this.offset, epoch: this.epoch };
  }

  /** Starts from a position saved earlier (by another client object, e.g. before a page reload). */
  seed(since, what) {
    if (since === undefined || since === null) return;
    const { offset, epoch } = since;
    if (!Number.isInteger(offset) || offset < 0 || typeof epoch !== 'string' || epoch.length < 1 || epoch.length > 64) {
      throw new TypeError(`${what} must be {offset: an integer >= 0, epoch: 1 to 64 characters}, got ${JSON.stringify(since)}`);
    }
    this.offset = offset;
    this.epoch = epoch;
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
      this._replayEnd = this.offset < info.offset ? info.offset : null;
    }
    if (!since) return null;
    const missed = known && info.epoch === since.epoch ? info.offset - since.offset : null;
    return { recovered: info.recovered === true, missed };
  }

  /**
   * A message at this offset arrived: false only for a certain repeat, the offset just seen again while the server
   * replays (it promises no duplicate where its replay meets live traffic). An offset not above the last one
   * otherwise means the stream started again (its history lost: unused for its ttl, Redis flushed or failed over)
   * under this connection: the message is new, and the epoch it counts in unknown, so the next connect asks for
   * everything held.
   */
  seen(offset) {
    if (offset === undefined || offset === null) return true; // history off: nothing to track
    if (this._replayEnd !== null) {
      if (offset === this.offset) return false;
      if (offset >= this._replayEnd) this._replayEnd = null; // the replay is over
    }
    if (this.offset !== null && offset <= this.offset) {
      this.epoch = null;
      this.latest = offset;
      this._replayEnd = null;
    } else if (this.latest === null || offset > this.latest) {
      this.latest = offset;
    }
    this.offset = offset;
    return true;
  }

  /** The user's read position, as the server last told it (absent: never read, or read in another epoch). */
  readAt(offset, epoch) {
    this.readOffset = offset ?? null;
    this.readEpoch = offset === undefined || offset === null ? null : epoch ?? null;
  }
}
