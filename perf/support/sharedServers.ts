// The perf project's global setup: one Postgres and one Redis for the whole `vitest` process, so
// every spec (and every watch-mode re-run) clones a cached template instead of starting a server
// and seeding. See README "Fixtures that outlive a re-run".
import { shareServers } from 'perfgate/fixtures'

export default shareServers()
