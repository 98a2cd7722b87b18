import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'

/** A line longer than this is not k6 output (its lines are a few hundred bytes): stop rather than buffer it. */
export const MAX_LINE_BYTES = 1 << 20

/** True when the file starts with gzip's magic bytes (0x1f 0x8b), whatever its name. */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0)
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/** Which lines to decode, and what a line that is not decoded must look like. */
export interface LineFilter {
  /** Lines holding one of these (ASCII) strings are decoded. */
  needles: readonly string[]
  /** The first lines are decoded whatever they hold. */
  firstLines: number
  /** Lines neither needed nor first must start with `{` and end with `}`; this makes the error for one that does not. */
  notAnObject: (lineNumber: number) => Error
  tooLong: (lineNumber: number) => Error
}

/** A decoded line and its 1-based number in the file. */
export interface Line {
  number: number
  text: string
}

/**
 * The file's wanted lines (gunzipped when `gzip`), streamed in batches of one read: memory holds
 * one read and one partial line, never the file, and only the lines asked for become strings.
 */
export async function* wantedLines(path: string, gzip: boolean, filter: LineFilter): AsyncGenerator<Line[]> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 })
  let source: NodeJS.ReadableStream = file
  if (gzip) {
    const gunzip = createGunzip()
    file.on('error', (error) => gunzip.destroy(error))
    source = file.pipe(gunzip)
  }
  const needles = filter.needles.map((needle) => Buffer.from(needle, 'latin1'))
  let lineNumber = 0
  let rest: Buffer | undefined
  let hits: number[] = []
  let hit = 0
  const take = (buffer: Buffer, start: number, end: number, lines: Line[]): void => {
    lineNumber++
    let wanted = lineNumber <= filter.firstLines
    for (; hit < hits.length && hits[hit]! < end; hit++) if (hits[hit]! >= start) wanted = true
    while (start < end && isSpace(buffer[start]!)) start++
    while (end > start && isSpace(buffer[end - 1]!)) end--
    if (start === end) return
    if (wanted) lines.push({ number: lineNumber, text: buffer.toString('utf8', start, end) })
    else if (buffer[start] !== 123 || buffer[end - 1] !== 125) throw filter.notAnObject(lineNumber)
  }
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const lines: Line[] = []
      let start = 0
      let end = chunk.indexOf(10)
      if (rest) {
        if (end === -1) {
          rest = Buffer.concat([rest, chunk])
          if (rest.length > MAX_LINE_BYTES) throw filter.tooLong(lineNumber + 1)
          continue
        }
        const joined = Buffer.concat([rest, chunk.subarray(0, end)])
        hits = hitsIn(joined, needles)
        hit = 0
        take(joined, 0, joined.length, lines)
        rest = undefined
        start = end + 1
        end = chunk.indexOf(10, start)
      }
      hits = hitsIn(chunk, needles)
      hit = 0
      for (; end !== -1; end = chunk.indexOf(10, start)) {
        take(chunk, start, end, lines)
        start = end + 1
      }
      if (start < chunk.length) {
        rest = Buffer.from(chunk.subarray(start))
        if (rest.length > MAX_LINE_BYTES) throw filter.tooLong(lineNumber + 1)
      }
      if (lines.length) yield lines
    }
    if (rest) {
      const lines: Line[] = []
      hits = hitsIn(rest, needles)
      hit = 0
      take(rest, 0, rest.length, lines)
      if (lines.length) yield lines
    }
  } finally {
    file.destroy()
  }
}

/** Where each needle occurs in the buffer, in order. */
function hitsIn(buffer: Buffer, needles: readonly Buffer[]): number[] {
  const hits: number[] = []
  for (const needle of needles) {
    for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.length)) hits.push(at)
  }
  return needles.length > 1 ? hits.sort((a, b) => a - b) : hits
}

/** Space, tab or carriage return: what may surround a line's JSON. */
function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13
}
