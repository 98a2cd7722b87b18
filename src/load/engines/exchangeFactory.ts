import type { RunRecorder } from '../observe/runRecorder.ts'
import type { Exchange, ExchangeOwner } from './exchange.ts'
import { NetExchange, netOriginOf } from './net/netExchange.ts'
import { clientOptionsOf, UndiciExchange } from './undici/undiciExchange.ts'

/**
 * Which HTTP engine carries a run's requests: `net` writes prebuilt HTTP/1.1 bytes on `node:net`
 * sockets and parses responses itself (plain `http:` origins, the default there); `undici` is the
 * general client (every origin, `https:` included).
 */
export type LoadEngine = 'net' | 'undici'

/** The engine a run uses unless a test asks for one: `net` where it applies, undici elsewhere. */
export function defaultEngine(origin: string): LoadEngine {
  return origin.startsWith('http:') ? 'net' : 'undici'
}

/** Opens connection `vu` of a run, on the run's engine. */
export type ExchangeFactory = (vu: number, owner: ExchangeOwner, recorder: RunRecorder) => Exchange

/**
 * The one place that maps the engine option to an {@link Exchange} implementation: the models open
 * connections through what it returns and never know which engine carries them. Each engine's own
 * settings (the net engine's parsed origin, undici's client options) are made here, once per run.
 */
export function exchangeFactoryOf(engine: LoadEngine, origin: string, timeoutMs: number): ExchangeFactory {
  switch (engine) {
    case 'net': {
      const netOrigin = netOriginOf(origin)
      return (vu, owner, recorder) => new NetExchange(netOrigin, vu, owner, recorder)
    }
    case 'undici': {
      const options = clientOptionsOf(timeoutMs)
      return (vu, owner, recorder) => new UndiciExchange(origin, options, vu, owner, recorder)
    }
  }
}
