/** What a test server does; plain data so it can be handed to a child process. */
export type ServerBehaviour =
  /** Answers every request after `delayMs` (timer-based, the event loop stays free). */
  | { kind: 'delay'; delayMs: number; status?: number }
  /**
   * Answers the n-th request (counted over all connections) with `sequence[n % length]`: a status,
   * `'reset'` (destroy the socket before answering) or `'body'` (send headers, then destroy mid-body).
   */
  | { kind: 'sequence'; sequence: ReadonlyArray<number | 'reset' | 'body'> }
  /** Answers after `delayMs`, but freezes its event loop for `stallMs` every `everyMs`, starting `firstAfterMs` after its first request. */
  | { kind: 'stall'; delayMs: number; stallMs: number; everyMs: number; firstAfterMs: number }
  /** Leaves each new connection unread for `acceptDelayMs`, then answers at once. */
  | { kind: 'slowAccept'; acceptDelayMs: number }
