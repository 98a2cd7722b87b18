// The competing workload bench/calibration.ts starts while it measures "busy": what shares a CI
// runner with a perf job. argv[2] is the role:
//   cpu  — spins in bursts (400 ms on, 100 ms off), like test workers compiling and running;
//   pg   — a Postgres-heavy loop on 2 connections: sorts and aggregates over generate_series, and
//          inserts into a temporary table (PERFGATE_POSTGRES_URL, default 127.0.0.1:5432).
// It exits when its parent disconnects.
import pg from 'pg'

const role = process.argv[2]
let running = true
process.on('disconnect', () => {
  running = false
  setTimeout(() => process.exit(0), 200).unref()
})

if (role === 'cpu') {
  const spin = (): void => {
    if (!running) return
    const until = performance.now() + 400
    let x = 0
    while (performance.now() < until) x += Math.sqrt(x + 1)
    setTimeout(spin, 100)
  }
  spin()
} else if (role === 'pg') {
  const url = process.env.PERFGATE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const worker = async (id: number): Promise<void> => {
    const client = new pg.Client({ connectionString: url })
    client.on('error', () => undefined)
    await client.connect()
    await client.query(`CREATE TEMP TABLE churn_${id} (id serial primary key, v text)`)
    while (running) {
      await client.query('SELECT count(*), sum(g), max(md5(g::text)) FROM generate_series(1, 200000) g')
      await client.query(`INSERT INTO churn_${id} (v) SELECT md5(g::text) FROM generate_series(1, 5000) g`)
      await client.query(`DELETE FROM churn_${id}`)
    }
    await client.end()
  }
  await Promise.all([worker(1), worker(2)]).catch((error: unknown) => {
    process.stderr.write(`calibration pg competitor: ${(error as Error).message}\n`)
    process.exit(1)
  })
} else {
  process.stderr.write(`unknown role ${String(role)}\n`)
  process.exit(2)
}
