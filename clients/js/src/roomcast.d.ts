// Types for /roomcast.js, the Roomcast client. Protocol: docs/protocol.md.

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
  /** A WebSocket implementation; browsers have one, Node 20 takes the `ws` package's. */
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
  /** Room messages kept until accepted (and resent after a reconnect); beyond, send() rejects with queue_full. Default 1000. */
  maxUnsent?: number;
  /** Room messages are written at most this fast (a backlog after a reconnect too). Default 50. */
  sendsPerSecond?: number;
  /** ...after a burst of this many. Default 100. */
  sendBurst?: number;
  /** Room messages' text is written at most this many bytes a second. Default 131072 (the server allows 256 KiB/s). */
  sendBytesPerSecond?: number;
  /** ...after a burst of this many bytes. Default 262144 (the server allows 512 KiB). */
  sendByteBurst?: number;
}

export interface RoomMessage {
  room: string;
  from: string;
  content: unknown;
  ts: number;
  offset?: number;
}

export interface DirectMessage {
  from: string;
  content: unknown;
  ts: number;
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

export interface Resumed {
  room: string;
  /** False: the server could not fill the whole gap; some messages were missed. */
  recovered: boolean;
  /** How many messages the gap held (null when the room's history started afresh). */
  missed: number | null;
}

export interface Room {
  readonly name: string;
  members: Set<string>;
  count: number;
  complete: boolean;
  /** The last offset seen in this room, and the history it belongs to. */
  offset: number | null;
  epoch: string | null;
  fetchMembers(pageSize?: number): Promise<Set<string>>;
}

export class RoomcastError extends Error {
  /**
   * The server's error code (docs/protocol.md), or queue_full, not_member, closed, disconnected; for a refused
   * upgrade the refusal's reason code (invalid_id, unauthenticated, invalid_token, origin, ...).
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
  on(event: 'state', listener: (state: State, info: StateInfo) => void): this;
  on(event: 'message', listener: (message: RoomMessage) => void): this;
  on(event: 'presence', listener: (presence: Presence) => void): this;
  on(event: 'private' | 'broadcast', listener: (message: DirectMessage) => void): this;
  on(event: 'resumed', listener: (resumed: Resumed) => void): this;
  on(event: 'shutdown', listener: (notice: { reason: string; reconnectAfterMs: number }) => void): this;
  on(event: 'error', listener: (error: RoomcastError) => void): this;
  off(event: string, listener: (...args: any[]) => void): this;
  connect(): Promise<string>;
  join(room: string): Promise<Room>;
  leave(room: string): Promise<void>;
  send(room: string, content: unknown): Promise<{ offset?: number }>;
  private(to: string, content: unknown): Promise<void>;
  broadcast(content: unknown): Promise<void>;
  close(): void;
}
