import { describe, expect, test } from 'vitest'
import { parseCommand, UsageError } from '../../src/cli/index.ts'

const usage = (args: string[]): string => {
  try {
    parseCommand(args)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error(`parseCommand accepted ${args.join(' ')}`)
}

describe('parseCommand', () => {
  test('maps perfgate load flags onto load() options, allowing the host it names', () => {
    const startAt = '2026-11-30T06:00:00Z'
    expect(parseCommand([
      'load', 'https://api.staging.internal:8443/tasks?x=1', '--rate', '400', '--duration', '2m', '--shard', '3/8', '--start-at', startAt,
      '--out', 'shard-3.json', '--method', 'post', '--header', 'Authorization: Bearer abc', '-H', 'x-tenant:  7 ', '--body', '{"a":1}',
      '--timeout', '2s', '--max-connections', '50', '--workers', '2', '--name', 'checkout', '--dispatch', 'timer',
    ])).toEqual({
      command: 'load',
      request: { url: 'https://api.staging.internal:8443/tasks?x=1', method: 'POST', body: '{"a":1}', headers: { authorization: 'Bearer abc', 'x-tenant': '7' } },
      options: {
        rate: 400, duration: 120_000, shard: { index: 3, count: 8 }, startAt: Date.parse(startAt), timeout: 2000, maxConnections: 50, workers: 2,
        name: 'checkout', dispatch: 'timer', allowHosts: ['api.staging.internal'],
      },
      out: 'shard-3.json',
    })
    expect(parseCommand(['load', 'http://127.0.0.1:3000/', '--connections', '8', '--duration', '1500', '--start-at', '1796000000000'])).toMatchObject({
      options: { connections: 8, duration: 1500, startAt: 1_796_000_000_000 },
    })
  })

  test('--start-at takes epoch ms or an ISO time with its zone, and refuses a time without one (read in local time)', () => {
    const startAt = (text: string): number | undefined => {
      const command = parseCommand(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--start-at', text])
      return command.command === 'load' ? command.options.startAt : undefined
    }
    const six = Date.UTC(2026, 10, 30, 6, 0, 0)
    for (const text of ['2026-11-30T06:00:00Z', '2026-11-30T06:00Z', '2026-11-30T07:00:00+01:00', '2026-11-30T00:30:00-05:30', String(six)]) expect(startAt(text), text).toBe(six)
    expect(startAt('2026-11-30T06:00:00.250Z')).toBe(six + 250)
    // Without a zone, each machine would read its own local time: shards in Berlin and in Virginia would start 6 hours apart.
    for (const text of ['2026-11-30T06:00:00', '2026-11-30T06:00', '2026-11-30 06:00:00', '2026-11-30', 'Mon, 30 Nov 2026 06:00:00', '2026-11-30T06:00:00+0100', '2026-11-30T25:00:00Z', 'tomorrow']) {
      expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--start-at', text]), text).toBe(
        `--start-at takes epoch ms or an ISO time with its zone, got '${text}'. Accepted: epoch ms (1796018400000), an ISO time in UTC ` +
          "(2026-11-30T06:00:00Z) or with an offset (2026-11-30T07:00:00+01:00); a time without a zone is read in each machine's own zone, " +
          'so shards in different zones would start hours apart.',
      )
    }
  })

  test('reads merge and compare, and --help anywhere', () => {
    expect(parseCommand(['merge', 'a.json', 'b.json', '--out', 'all.json'])).toEqual({ command: 'merge', files: ['a.json', 'b.json'], out: 'all.json' })
    expect(parseCommand(['merge', 'a.json'])).toEqual({ command: 'merge', files: ['a.json'] })
    expect(parseCommand(['compare', 'old.json', 'new.json', '--markdown', '-'])).toEqual({ command: 'compare', before: 'old.json', after: 'new.json', markdown: '-' })
    for (const args of [[], ['--help'], ['-h'], ['help'], ['load', '--help']]) expect(parseCommand(args)).toEqual({ command: 'help' })
  })

  test('says what is wrong with a command line', () => {
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--shard', '9/8'])).toMatch(/^--shard: shard "9\/8" needs an index from 1 to 8/)
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--shard', '3'])).toMatch(/^--shard: shard "3" is not of the form i\/n/)
    expect(usage(['load', 'http://127.0.0.1/', '--rate', 'fast', '--duration', '1s'])).toBe("--rate takes a number, got 'fast'")
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', 'soon'])).toBe("--duration takes a duration such as 30s, 2m or 1500 (ms), got 'soon'")
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--start-at', 'tomorrow'])).toMatch(/^--start-at takes epoch ms or an ISO time/)
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--header', 'no-colon-secret'])).not.toContain('no-colon-secret')
    expect(usage(['load', 'http://127.0.0.1/', '--duration', '1s'])).toMatch(/needs --rate <n> \(open model\) or --connections <n>/)
    expect(usage(['load', 'not a url', '--rate', '1', '--duration', '1s'])).toMatch(/is not a URL/)
    expect(usage(['load', 'http://127.0.0.1/', '--rate', '10', '--duration', '1s', '--rps', '5'])).toMatch(/Unknown option '--rps'/)
    expect(usage(['merge'])).toMatch(/merge needs at least one measurement file/)
    expect(usage(['compare', 'a.json'])).toMatch(/compare takes exactly two results files/)
    expect(usage(['launch'])).toBe("unknown command 'launch'; perfgate's commands are compare, load and merge")
  })
})
