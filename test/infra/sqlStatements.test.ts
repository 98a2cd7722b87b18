import { expect, test } from 'vitest'
import { sqlStatements } from '../../src/fixtures/postgres/sqlStatements.ts'

const texts = (sql: string): string[] => sqlStatements(sql).map((s) => s.text.trim())

test('splits at top-level semicolons only', () => {
  expect(texts(`SELECT 'a;b', "c;d"; SELECT E'x\\';y'; SELECT 'it''s;'`)).toEqual([`SELECT 'a;b', "c;d";`, `SELECT E'x\\';y';`, `SELECT 'it''s;'`])
  expect(texts('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$; SELECT $$;$$;')).toEqual(['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;', 'SELECT $$;$$;'])
  expect(texts('SELECT 1 -- one; two\n; /* a /* nested; */ still; */ SELECT $1;')).toEqual(['SELECT 1 -- one; two\n;', '/* a /* nested; */ still; */ SELECT $1;'])
})

test('a statement starts at its first character that is not blank or a comment', () => {
  const sql = 'SELECT 1;\n-- note; here\n  /* x */ SELECT 2;\n\n'
  expect(sqlStatements(sql).map((s) => [s.offset, s.start])).toEqual([
    [0, 0],
    [9, sql.indexOf('SELECT 2')],
  ])
})
