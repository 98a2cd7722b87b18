/**
 * `node scripts/lockfile-platforms.ts` after any `npm install` that changed package-lock.json.
 *
 * The registry this project installs from serves only some platforms' builds of native packages
 * (@swc/core-darwin-arm64 answers 404). npm then writes a lockfile without those optional
 * dependencies, and `npm ci` refuses it as out of sync. This adds an entry for each missing
 * optional platform package, with the os / cpu / libc its name declares, so `npm ci` skips it on
 * every other platform instead of failing. Nothing here is fetched or installed.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

interface LockEntry {
  version?: string
  dev?: boolean
  optional?: boolean
  os?: string[]
  cpu?: string[]
  libc?: string[]
  optionalDependencies?: Record<string, string>
}

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd']
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el']

/** The platform a native binding's package name declares, e.g. `core-linux-arm64-musl`. */
export function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> {
  const parts = name.split('/').at(-1)!.split('-')
  const os = parts.find((part) => OS.includes(part))
  const cpu = parts.find((part) => CPU.includes(part))
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined
  return {
    ...(os ? { os: [os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(os === 'linux' && libc ? { libc: [libc] } : {}),
  }
}

export interface Lockfile {
  packages: Record<string, LockEntry>
}

/** Adds the missing optional platform entries to `lock` in place; returns what it added. */
export function completeLockfile(lock: Lockfile): string[] {
  const added: string[] = []
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const at = `node_modules/${name}`
      if (lock.packages[at] || lock.packages[`${key}/node_modules/${name}`]) continue
      const platform = platformOf(name)
      if (!platform.os && !platform.cpu) continue
      lock.packages[at] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform }
      added.push(`${name}@${version}`)
    }
  }
  return added
}

export const LOCKFILE = join(import.meta.dirname, '..', 'package-lock.json')

if (import.meta.main) {
  const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8')) as Lockfile
  const added = completeLockfile(lock)
  writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(added.length ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}` : 'lockfile already lists every platform package')
}
