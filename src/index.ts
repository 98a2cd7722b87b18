export * from './errors/index.ts'
export * from './measure/index.ts'
