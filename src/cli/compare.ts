import { readTextFile, writeFileAtomic } from '../measure/index.ts'
import { redactSecrets } from '../redact/index.ts'
import { compareHtml, compareMarkdown, compareResults, parseResults } from '../report/compare.ts'
import type { Command } from './args.ts'

/**
 * `perfgate compare`: what changed between two results files, as text, Markdown or HTML. A missing
 * input is `PERFGATE_ERR_FILE_NOT_FOUND`, an output it cannot write `PERFGATE_ERR_FILE_NOT_WRITABLE`,
 * both naming the path.
 */
export function runCompare({ before, after, markdown, html }: Extract<Command, { command: 'compare' }>): number {
  const read = (path: string) => parseResults(readTextFile(path, 'results file', "Check the path; the reporter's { json } option writes it."), path)
  const [old, now] = [read(before), read(after)]
  const write = (file: string, text: string): void => writeFileAtomic(file, redactSecrets(text))
  if (markdown === '-') process.stdout.write(redactSecrets(compareMarkdown(old, now)))
  else process.stdout.write(redactSecrets(compareResults(old, now)))
  if (markdown && markdown !== '-') write(markdown, compareMarkdown(old, now))
  if (html) write(html, compareHtml(old, now))
  return 0
}
