/** Reads a k6 file with fromK6 in a process of its own, and prints what it found and its peak RSS. */
import { fromK6 } from '../../src/index.ts'

const m = await fromK6(process.argv[2]!, { tag: false })
console.log(JSON.stringify({ count: m.count, errors: m.errors, dropped: m.facts.dropped, maxRssBytes: process.resourceUsage().maxRSS * 1024 }))
