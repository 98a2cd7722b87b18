import { PerfgateError } from '../../errors/index.ts'
import type { RunRecorder } from '../observe/runRecorder.ts'
import type { RequestSource } from '../target/requestSource.ts'
import type { Exchange, ExchangeOwner } from './exchange.ts'
import { FunctionExchange, type FunctionCalls } from './function/functionExchange.ts'
import { ErrorKinds } from './function/workloadErrorKind.ts'
import { NetExchange, netOriginOf } from './net/netExchange.ts'
import { clientOptionsOf, UndiciExchange } from './undici/undiciExchange.ts'

/**
 * Which engine carries a run's work: `net` writes prebuilt HTTP/1.1 bytes on `node:net` sockets
 * and parses responses itself (plain `http:` origins, the default there); `undici` is the general
 * HTTP client (every origin, `https:` included); `function` calls a function workload.
 */
export type LoadEngine = 'net' | 'undici' | 'function'

/** The engine a run uses unless a test asks for one: `function` for a function workload, `net` where it applies, undici elsewhere. */
export function defaultEngine(source: Pick<RequestSource, 'origin' | 'engine'>): LoadEngine {
  if (source.engine === 'function') return 'function'
  return source.origin.startsWith('http:') ? 'net' : 'undici'
}

/** Opens connection `vu` of a run, on the run's engine. */
export type ExchangeFactory = (vu: number, owner: ExchangeOwner, recorder: RunRecorder) => Exchange

/**
 * The one place that maps the engine option to an {@link Exchange} implementation: the models open
 * connections through what it returns and never know which engine carries them. Each engine's own
 * settings (the net engine's parsed origin, undici's client options) are made here, once per run.
 */
export function exchangeFactoryOf(engine: LoadEngine, source: Pick<RequestSource, 'origin' | 'engine'>, timeoutMs: number): ExchangeFactory {
  const { origin } = source
  if ((engine === 'function') !== (source.engine === 'function')) {
    throw new PerfgateError('PERFGATE_ERR_INTERNAL', `The ${engine} engine cannot carry ${source.engine === 'function' ? 'a function workload' : `HTTP to ${origin}`}.`)
  }
  switch (engine) {
    case 'function': {
      const calls: FunctionCalls = { kinds: new ErrorKinds(), started: 0, sinceYield: 0 }
      return (vu, owner, recorder) => new FunctionExchange(calls, vu, owner, recorder)
    }
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
