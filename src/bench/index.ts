export { bench, type BenchOptions } from './bench.ts'
