export { redactDeep } from './redactDeep.ts'
export { REDACTED, redactSecrets } from './redactSecrets.ts'
export { redactPasswordOf, redactUrl } from './redactUrl.ts'
