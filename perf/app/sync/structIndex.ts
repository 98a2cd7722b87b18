import * as Y from 'yjs'

/** Where an item lives: its parent (a root type's name or the id of the item holding the type) and map key. */
export interface Placement {
  parent: Y.ID | string
  parentSub: string | null
}

/**
 * The items of a decoded update, found by id. Yjs omits an item's parent from the encoding when its
 * origin (or right origin) implies it, so placement follows that chain to the item that names it.
 */
export class StructIndex {
  readonly #byClient = new Map<number, Y.Item[]>()
  readonly #placements = new Map<Y.Item, Placement | undefined>()

  constructor(update: Uint8Array) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item)) continue
      let list = this.#byClient.get(struct.id.client)
      if (!list) this.#byClient.set(struct.id.client, (list = []))
      list.push(struct)
    }
    for (const list of this.#byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  }

  /** The item holding operation `clock` of `client` (items may span several clocks). */
  find(client: number, clock: number): Y.Item | undefined {
    const list = this.#byClient.get(client)
    if (!list) return undefined
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const item = list[mid]!
      if (clock < item.id.clock) high = mid - 1
      else if (clock >= item.id.clock + item.length) low = mid + 1
      else return item
    }
    return undefined
  }

  placement(item: Y.Item): Placement | undefined {
    const chain: Y.Item[] = []
    let current: Y.Item | undefined = item
    let found: Placement | undefined
    while (current) {
      if (this.#placements.has(current)) {
        found = this.#placements.get(current)
        break
      }
      chain.push(current)
      if (current.parent !== null) {
        found = { parent: current.parent as Y.ID | string, parentSub: current.parentSub }
        break
      }
      const next: Y.ID | null = current.origin ?? current.rightOrigin
      current = next ? this.find(next.client, next.clock) : undefined
    }
    for (const visited of chain) this.#placements.set(visited, found)
    return found
  }
}
