import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { completeLockfile, LOCKFILE, platformOf, type Lockfile } from '../../scripts/lockfile-platforms.ts'

test('the lockfile lists every optional platform package, so npm ci accepts it (run scripts/lockfile-platforms.ts after npm install)', () => {
  const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8')) as Lockfile
  expect(completeLockfile(lock)).toEqual([])
})

test('a binding package name declares its platform', () => {
  expect(platformOf('@swc/core-darwin-arm64')).toEqual({ os: ['darwin'], cpu: ['arm64'] })
  expect(platformOf('@swc/core-linux-arm64-musl')).toEqual({ os: ['linux'], cpu: ['arm64'], libc: ['musl'] })
  expect(platformOf('@oxlint/binding-linux-arm-gnueabihf')).toEqual({ os: ['linux'], cpu: ['arm'], libc: ['glibc'] })
  expect(platformOf('@swc/core-win32-ia32-msvc')).toEqual({ os: ['win32'], cpu: ['ia32'] })
  expect(platformOf('@oxlint-tsgolint/darwin-x64')).toEqual({ os: ['darwin'], cpu: ['x64'] })
  expect(platformOf('@unrs/resolver-binding-wasm32-wasi')).toEqual({ cpu: ['wasm32'] })
})
