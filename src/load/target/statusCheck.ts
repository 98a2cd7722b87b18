import type { ExpectStatus } from '../options/loadOptions.ts'

/** Compiles an {@link ExpectStatus} into a predicate; the default accepts every status below 400. */
export function statusCheckOf(expect: ExpectStatus | undefined): (status: number) => boolean {
  if (expect === undefined) return (status) => status < 400
  if (typeof expect === 'function') return expect
  const accepted = new Uint8Array(600)
  for (const status of expect) accepted[status] = 1
  return (status) => accepted[status] === 1
}
