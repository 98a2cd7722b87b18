import type { ReserveStats } from './clinicService.ts'

/** The clinic's own count of what its reservations went through: serialization retries next to outcomes. */
export function reserveStatsLine(stats: ReserveStats): string {
  const perRequest = stats.requests > 0 ? stats.retries / stats.requests : 0
  return `reserve (server side): ${stats.requests} requests, ${stats.applied} applied, ${stats.insufficient} × 409, ${stats.exhausted} retries exhausted; serialization retries ${stats.retries} (${perRequest.toFixed(2)} per request, max ${stats.maxRetries})`
}
