/** A FIFO of scheduled start times (ms) waiting for a free connection; grows, never allocates per item. */
export class Backlog {
  #items = new Float64Array(1024)
  #head = 0
  #length = 0

  get length(): number {
    return this.#length
  }

  push(startMs: number): void {
    if (this.#length === this.#items.length) {
      const grown = new Float64Array(this.#items.length * 2)
      for (let i = 0; i < this.#length; i++) grown[i] = this.#items[(this.#head + i) % this.#items.length]!
      this.#items = grown
      this.#head = 0
    }
    this.#items[(this.#head + this.#length) % this.#items.length] = startMs
    this.#length++
  }

  peek(): number {
    return this.#items[this.#head]!
  }

  shift(): number {
    const value = this.#items[this.#head]!
    this.#head = (this.#head + 1) % this.#items.length
    this.#length--
    return value
  }
}
