// Types for the Roomcast client (the `roomcast` package; served as /roomcast.d.ts beside /roomcast.js).
// Protocol: docs/protocol.md.

export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateInfo {
  /** The user id the server gave (on 'open'). */
  user?: string;
  /** The close code that ended the last connection (on 'reconnecting' and 'closed'). */
  code?: number;
  /**
   * What the close code means (see CLOSE_REASONS); after a refused upgrade (4400, 4401, 4403: the client stops)
   * the server's reason code instead, e.g. 'invalid_id', 'invalid_token', 'origin'.
   */
  reason?: string;
  /** After a refused upgrade: the server's explanation, for people. */
  message?: string;
  /** How long until the next attempt (on 'reconnecting'). */
  delayMs?: number;
  /** When the next attempt starts, in epoch ms (on 'reconnecting'). */
  at?: number;
}

export interface Options {
  /** The user id (only with auth off; with auth on the token's sub is the id). */
  user?: string;
  /** A JWT, or a function returning one (called again for every connection attempt, e.g. after 4003). */
  token?: string | (() => string | Promise<string>);
  /** A WebSocket implementation; browsers and Node 22+ have one, Node before 22 takes the `ws` package's. */
  WebSocket?: unknown;
  /** Ask the server for batched frames (?batch=1); they are unpacked transparently. */
  batch?: boolean;
  /** Endpoints to rotate through on reconnect (the first argument is then ignored). */
  urls?: string[];
  /** Backoff: the first retry waits up to this long (full jitter), doubling each time. Default 500. */
  backoffMinMs?: number;
  /** Backoff ceiling. Default 30000. */
  backoffMaxMs?: number;
  /** The client pings when it has not for this long. Default 20000. */
  pingIntervalMs?: number;
  /** Nothing received for this long: the link is dead, reconnect. Default 45000. */
  deadAfterMs?: number;
  /**
   * Messages (room, private, broadcast) kept until accepted (and resent after a reconnect); beyond, send(),
   * private() and broadcast() reject with queue_full. Default 1000.
   */
  maxUnsent?: number;
  /** Messages are written at most this fast (a backlog after a reconnect too). Default 50. */
  sendsPerSecond?: number;
  /** ...after a burst of this many. Default 100. */
  sendBurst?: number;
  /** Messages' text is written at most this many bytes a second. Default 131072 (the server allows 256 KiB/s). */
  sendBytesPerSecond?: number;
  /** ...after a burst of this many bytes. Default 262144 (the server allows 512 KiB). */
  sendByteBurst?: number;
  /**
   * Where the first connect resumes the inbox from: what `inbox.since()` gave an earlier client of this user (saved
   * across a page reload or a restart), or EVERYTHING_HELD. Absent: only privates after the first welcome.
   */
  inboxSince?: Since;
  /** The same for the broadcast stream (`broadcasts.since()`). */
  broadcastSince?: Since;
}

/** Where a stream was left: resumed from on the next connect (`inbox_since`, `broadcast_since`, a join's `since`). */
export interface Since {
  offset: number;
  epoch: string;
}

/** A since that gets everything the stream holds ({offset: 0, epoch: 'new'}: an epoch the server does not know). */
export const EVERYTHING_HELD: Readonly<Since>;

export interface RoomMessage {
  room: string;
  from: string;
  content: unknown;
  ts: number;
  offset?: number;
  /** What the server's publish hook attached (any JSON); absent when it attached nothing. */
  meta?: unknown;
}

/** A private message (offset in the recipient's inbox) or a broadcast (offset in the broadcast stream). */
export interface DirectMessage {
  from: string;
  content: unknown;
  ts: number;
  /** Absent when the server keeps no inbox or broadcast history, or could not store this one (fanout_unavailable). */
  offset?: number;
}

/** Where a message was stored: its offset in the room, the recipient's inbox or the broadcast stream. */
export interface Accepted {
  /** Absent when the server keeps no history for it. */
  offset?: number;
}

export interface Presence {
  room: string;
  /** The members known; every member when `complete`. */
  members: Set<string>;
  count: number;
  /** False in a big room until Room.fetchMembers(), and after a diff too big to name its users. */
  complete: boolean;
  joined?: string[];
  left?: string[];
}

/** After a (re)connect that asked to resume: a room (`room`), the inbox (`inbox: true`) or the broadcasts (`broadcasts: true`). */
export interface Resumed {
  room?: string;
  inbox?: true;
  broadcasts?: true;
  /** False: the server could not fill the whole gap; some messages were missed. */
  recovered: boolean;
  /** How many messages the gap held (null when the history started afresh, or the position is not known yet). */
  missed: number | null;
}

/** A read position moved, on this connection or another of the same user's: in a room, or in the inbox. */
export interface ReadPosition {
  room?: string;
  inbox?: true;
  offset: number;
  epoch?: string;
}

/** Where the client is in a stream of offsets: a room's history, the inbox, the broadcasts. */
export interface Position {
  /**
   * The last offset seen, and the history (epoch) it belongs to: where the next connect resumes from. The epoch is
   * null after the stream started again under an open connection (offsets from 1: its history lost).
   */
  readonly offset: number | null;
  readonly epoch: string | null;
  /** The highest offset known: the stream's latest at (re)connect, or a later message. */
  readonly latest: number | null;
  /** Where the user stopped reading (on any of their connections); null when never marked, or marked in another epoch. */
  readonly readOffset: number | null;
  readonly readEpoch: string | null;
  /** latest − readOffset (never below 0); null while either is unknown. */
  readonly unread: number | null;
  /**
   * Where the next connect resumes from: {offset, epoch}, EVERYTHING_HELD when the epoch is not known, null before
   * any position. Save the inbox's and the broadcasts' to pass as inboxSince and broadcastSince to a later client.
   */
  since(): Since | null;
}

export interface Room extends Position {
  readonly name: string;
  members: Set<string>;
  count: number;
  complete: boolean;
  fetchMembers(pageSize?: number): Promise<Set<string>>;
}

export interface Unread {
  /** Per room joined: its unread count, null where the read position is unknown. */
  rooms: Record<string, number | null>;
  inbox: number | null;
}

export class RoomcastError extends Error {
  constructor(code: string, message?: string);
  /**
   * The server's error code (docs/protocol.md), or one of the client's own: queue_full, not_member, left (the
   * room was left before it was joined), closed, disconnected, invalid_message (read() with no offset known),
   * token_failed (the token function threw or rejected), connect_failed (no WebSocket could be made),
   * malformed_frame (the server sent what is not JSON). When a close ended the client: its reason
   * (disconnected_by_server; token_expired or policy_violation without a token function). For a refused upgrade
   * the refusal's reason code (invalid_id, unauthenticated, invalid_token, origin, ...).
   */
  readonly code: string;
}

export const CLOSE_REASONS: Readonly<Record<number, string>>;
export function closeReason(code: number): string;
/** The refusal a 4400/4401/4403 close carries (reason "<code>: <message>"); null for any other close. */
export function refusalOf(code: number, reason: string): { code: string; message: string } | null;

export class Roomcast {
  constructor(url: string, options?: Options);
  readonly state: State;
  readonly user: string | null;
  readonly rooms: Map<string, Room>;
  /** The user's private messages: resumed on every connect; read position and unread count. */
  readonly inbox: Position;
  /** The broadcast stream: resumed on every connect (it has no read position). */
  readonly broadcasts: Position;
  on(event: 'state', listener: (state: State, info: StateInfo) => void): this;
  on(event: 'message', listener: (message: RoomMessage) => void): this;
  on(event: 'presence', listener: (presence: Presence) => void): this;
  on(event: 'private' | 'broadcast', listener: (message: DirectMessage) => void): this;
  on(event: 'resumed', listener: (resumed: Resumed) => void): this;
  on(event: 'read', listener: (position: ReadPosition) => void): this;
  on(event: 'shutdown', listener: (notice: { reason: string; reconnectAfterMs: number }) => void): this;
  on(event: 'error', listener: (error: RoomcastError) => void): this;
  off(event: string, listener: (...args: any[]) => void): this;
  connect(): Promise<string>;
  join(room: string): Promise<Room>;
  leave(room: string): Promise<void>;
  /** Resolves once the message is in the room's history; kept and resent (same id) across reconnects until then. */
  send(room: string, content: unknown): Promise<Accepted>;
  /** Resolves once stored in the recipient's inbox (connected or not); kept and resent like send(). */
  private(to: string, content: unknown): Promise<Accepted>;
  /** Resolves once stored in the broadcast stream; kept and resent like send(). */
  broadcast(content: unknown): Promise<Accepted>;
  /**
   * Marks the room read up to offset (default: its latest known); resolves with the stored position, which only
   * moves forward within an epoch. Every connection of the user gets a 'read' event.
   */
  read(room: string, offset?: number): Promise<{ offset: number; epoch?: string }>;
  /** Marks the inbox read up to offset (default: its latest known). */
  readInbox(offset?: number): Promise<{ offset: number; epoch?: string }>;
  /** Unread counts per joined room and for the inbox. */
  unread(): Unread;
  close(): void;
}
