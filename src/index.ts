export * from './bench/index.ts'
export * from './errors/index.ts'
export * from './judge/index.ts'
export * from './measure/index.ts'
