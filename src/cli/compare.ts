import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { redactSecrets } from '../redact/index.ts'
import { compareHtml, compareMarkdown, compareResults, parseResults } from '../report/compare.ts'
import type { Command } from './args.ts'

/** `perfgate compare`: what changed between two results files, as text, Markdown or HTML. */
export function runCompare({ before, after, markdown, html }: Extract<Command, { command: 'compare' }>): number {
  const read = (path: string) => parseResults(readFileSync(path, 'utf8'), path)
  const [old, now] = [read(before), read(after)]
  const write = (file: string, text: string): void => {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, redactSecrets(text))
  }
  if (markdown === '-') process.stdout.write(redactSecrets(compareMarkdown(old, now)))
  else process.stdout.write(redactSecrets(compareResults(old, now)))
  if (markdown && markdown !== '-') write(markdown, compareMarkdown(old, now))
  if (html) write(html, compareHtml(old, now))
  return 0
}
