import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { postgres } from '../../src/fixtures/index.ts'

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const folder = mkdtempSync(join(tmpdir(), 'perfgate-seed-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

async function seedError(seed: string): Promise<string> {
  const error = await postgres({ url: LOCAL_URL, seed }).then(
    async (db) => {
      await db.stop()
      throw new Error('the seed was accepted')
    },
    (e: unknown) => e,
  )
  expect(isPerfgateError(error, 'PERFGATE_ERR_SEED_FAILED'), String(error)).toBe(true)
  return (error as Error).message
}

// Errors Postgres raises while running a statement carry no position: the line is found by running
// the statements one at a time.
describe.concurrent('a failing seed statement names its line', () => {
  test('a duplicate key', async () => {
    const seed = `CREATE TABLE t (id int PRIMARY KEY);\n\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2),\n  (1);\nINSERT INTO t VALUES (3);`
    expect(await seedError(seed)).toMatch(/seed SQL failed at line 4: INSERT INTO t VALUES \(2\),: duplicate key value violates unique constraint/)
  })

  test('a division by zero, after semicolons in a string, a comment and a dollar-quoted body', async () => {
    const seed = [
      `CREATE TABLE t (note text); -- a comment; with a semicolon`,
      `INSERT INTO t VALUES ('a;b'), ($$c;d$$);`,
      `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;`,
      `/* a block; comment */ SELECT 1 / (SELECT count(*) - 2 FROM t);`,
    ].join('\n')
    expect(await seedError(seed)).toMatch(/seed SQL failed at line 4: .*SELECT 1 \/ \(SELECT count\(\*\) - 2 FROM t\);: division by zero/)
  })

  test('in a seed file, the line of the file', async () => {
    const file = join(folder, 'seed.sql')
    writeFileSync(file, `-- seed\nCREATE TABLE t (id int NOT NULL);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (NULL);\n`)
    expect(await seedError(file)).toMatch(/seed file .*seed\.sql failed at line 4: INSERT INTO t VALUES \(NULL\);: null value in column "id"/)
  })

  test('a syntax error still names its line', async () => {
    expect(await seedError('CREATE TABLE t (id int);\nINSERT INTO t VALUES (1;')).toMatch(/seed SQL failed at line 2: INSERT INTO t VALUES \(1;: syntax error/)
  })
})
