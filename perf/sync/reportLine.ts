import type { TestContext } from 'vitest'

/** States a measured figure twice: on the console for whoever runs the specs, as an annotation for reporters. */
export async function reportLine(context: Pick<TestContext, 'annotate'>, line: string): Promise<void> {
  console.log(line)
  await context.annotate(line)
}
