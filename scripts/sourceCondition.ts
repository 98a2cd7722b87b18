import { defaultServerConditions, type Plugin } from 'vite'

/**
 * The repository runs from src/: its own 'perfgate' imports (self-references) resolve through the
 * "perfgate-source" export condition, in every Vite environment (tests, and the one Vitest loads
 * reporters in). Installed copies have no src/ and resolve to dist/ (package.json exports).
 * Node processes get the same with `node --conditions=perfgate-source`.
 */
export const SOURCE_CONDITION = 'perfgate-source'

export function perfgateFromSource(): Plugin {
  return { name: 'perfgate-from-source', configEnvironment: () => ({ resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } }) }
}
