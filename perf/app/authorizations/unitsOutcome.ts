/** The counters of one authorization, as the API returns them. */
export interface AuthorizationCounters {
  id: number
  totalUnits: number
  usedUnits: number
  scheduledUnits: number
  /** total - used - scheduled: what can still be reserved. */
  availableUnits: number
}

export type UnitsKind = 'reserve' | 'release' | 'consume'

export interface UnitsRequest {
  authorizationId: number
  /** The caller's organization: an authorization of another organization is not found. */
  organizationId: number
  practitionerId: number
  units: number
}

/** How a reserve/release/consume ended. `retries` counts serialization retries, 0 when none. */
export type UnitsOutcome =
  | { kind: 'applied'; counters: AuthorizationCounters; retries: number }
  | { kind: 'insufficient'; counters: AuthorizationCounters; retries: number }
  | { kind: 'not-found'; retries: number }
  | { kind: 'retries-exhausted'; retries: number }

export interface CounterRow {
  id: number
  total_units: number
  used_units: number
  scheduled_units: number
}

export function countersOf(row: CounterRow): AuthorizationCounters {
  return {
    id: row.id,
    totalUnits: row.total_units,
    usedUnits: row.used_units,
    scheduledUnits: row.scheduled_units,
    availableUnits: row.total_units - row.used_units - row.scheduled_units,
  }
}
