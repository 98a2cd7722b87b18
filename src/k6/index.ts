export { fromK6, type FromK6Options } from './fromK6.ts'
