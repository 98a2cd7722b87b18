import { execFileSync } from 'node:child_process'
import { arch, cpus, platform, release, totalmem } from 'node:os'

/** What produced the numbers: the code, the runtime and the machine. Every field is optional in files. */
export interface RunInfo {
  /** The commit checked out (GITHUB_SHA in Actions, else `git rev-parse HEAD`), if any. */
  commit?: string
  branch?: string
  /** 'v24.1.0'. */
  node?: string
  /** 'linux 6.1.0 x64'. */
  os?: string
  /** 'AMD EPYC 7763 64-Core Processor × 2'. */
  cpu?: string
  memoryGb?: number
  /** 'github-actions' or another CI's name when one ran it. */
  ci?: string
  /** PERFGATE_PROFILE, when set (the perf suite's quick or full profile). */
  profile?: string
}

/** The run facts of this process and checkout; git is asked with a 2 s bound and may be absent. */
export function runInfo(env: NodeJS.ProcessEnv, root: string): RunInfo {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    } catch {
      return undefined
    }
  }
  const commit = env.GITHUB_SHA || git('rev-parse', 'HEAD')
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || git('rev-parse', '--abbrev-ref', 'HEAD')
  const cores = cpus()
  const ci = env.GITHUB_ACTIONS === 'true' ? 'github-actions' : env.CI ? 'ci' : undefined
  return {
    ...(commit ? { commit } : {}),
    ...(branch && branch !== 'HEAD' ? { branch } : {}),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    ...(cores.length ? { cpu: `${cores[0]!.model.trim()} × ${cores.length}` } : {}),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    ...(ci ? { ci } : {}),
    ...(env.PERFGATE_PROFILE ? { profile: env.PERFGATE_PROFILE } : {}),
  }
}
