import type { AuthorizationCounters } from '../../perf/app/index.ts'
import type { TaskPage } from '../../perf/app/tasks/listTasks.ts'
import type { Task } from '../../perf/app/tasks/taskRow.ts'

export type { AuthorizationCounters, Task, TaskPage }

/** The error body every non-2xx answer carries. */
export interface Problem {
  statusCode: number
  error: string
  message: string
  authorization?: AuthorizationCounters
}

/** A small JSON client for the clinic's HTTP API, over real HTTP. */
export interface ApiResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
}

export function clinicApi(baseUrl: string, token?: string) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T }
  }
  return {
    get: <T = unknown>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, body),
  }
}
