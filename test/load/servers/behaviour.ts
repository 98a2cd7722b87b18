/** What a test server does; plain data so it can be handed to a child process. */
export type ServerBehaviour =
  /** Answers every request at once with a short body: a service whose own latency is tens of µs. */
  | { kind: 'fast' }
  /**
   * A bare TCP server that answers each request head (no request bodies) at once with one prebuilt
   * 200: the least work a server can do per request, so at 20,000 req/s its service time is still
   * tens of µs and what a run measures beyond it is the generator.
   */
  | { kind: 'minimal' }
  /** Answers every request after `delayMs` (timer-based, the event loop stays free). */
  | { kind: 'delay'; delayMs: number; status?: number }
  /**
   * Answers the n-th request (counted over all connections) with `sequence[n % length]`: a status,
   * `'reset'` (destroy the socket before answering), `'body'` (send headers, then destroy mid-body),
   * `'chunked'` (a chunked body written in three pieces over time), `'large'` (a 1 MiB body, split
   * over many reads), `'close'` (a 200 with `Connection: close`, then the server closes) or
   * `'hints'` (a 103 Early Hints, then a 200).
   */
  | { kind: 'sequence'; sequence: ReadonlyArray<SequenceStep> }
  /**
   * A bare TCP server answering the n-th request with `responses[n % length]`: its `parts` written
   * two milliseconds apart (so they arrive in separate reads), then the socket closed if `close`.
   */
  | { kind: 'raw'; responses: ReadonlyArray<{ parts: readonly string[]; close?: boolean }> }
  /** Answers after `delayMs`, but freezes its event loop for `stallMs` every `everyMs`, starting `firstAfterMs` after its first request. */
  | { kind: 'stall'; delayMs: number; stallMs: number; everyMs: number; firstAfterMs: number }
  /** Leaves each new connection unread for `acceptDelayMs`, then answers at once. */
  | { kind: 'slowAccept'; acceptDelayMs: number }

export type SequenceStep = number | 'reset' | 'body' | 'chunked' | 'large' | 'close' | 'hints'
