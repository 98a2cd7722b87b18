import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'

/** A line longer than this is not k6 output (its lines are a few hundred bytes): stop rather than buffer it. */
export const MAX_LINE_CHARS = 1 << 20

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

/**
 * The file's lines, streamed (gunzipped when `gzip`), in batches of whatever one read brought:
 * memory holds one read and one partial line, never the file. Line ends (`\n`, `\r\n`) are removed.
 */
export async function* lineBatches(path: string, gzip: boolean, onLongLine: (lineNumber: number) => Error): AsyncGenerator<string[]> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  let source: NodeJS.ReadableStream = file
  if (gzip) {
    const gunzip = createGunzip()
    file.on('error', (error) => gunzip.destroy(error))
    source = file.pipe(gunzip)
  }
  source.setEncoding('utf8')
  let rest = ''
  let lineNumber = 0
  try {
    for await (const chunk of source as AsyncIterable<string>) {
      const text = rest + chunk
      const lines: string[] = []
      let start = 0
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        lines.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end))
        start = end + 1
      }
      rest = text.slice(start)
      lineNumber += lines.length
      if (rest.length > MAX_LINE_CHARS) throw onLongLine(lineNumber + 1)
      if (lines.length) yield lines
    }
    if (rest) yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest]
  } finally {
    file.destroy()
  }
}
