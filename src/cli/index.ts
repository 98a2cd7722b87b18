/**
 * The `perfgate` command line's face: how a command line is read. The bin itself is cli.ts (it runs
 * on import); the recipes' test checks their command lines with this parser.
 */
export { parseCommand, USAGE, UsageError, type Command } from './args.ts'
