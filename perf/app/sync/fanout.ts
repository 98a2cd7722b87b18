import { createClient } from 'redis'

export interface FanoutMessage {
  docId: string
  /** The instance that appended the update; it has already pushed it to its own sockets. */
  instanceId: string
  device: string | undefined
  update: Uint8Array
}

export interface Fanout {
  publish(message: FanoutMessage): Promise<void>
  close(): Promise<void>
}

/** Redis pub/sub between server instances: every appended update is published on one channel. */
export async function connectFanout(options: { redisUrl: string; channel: string; onMessage: (message: FanoutMessage) => void }): Promise<Fanout> {
  const publisher = createClient({ url: options.redisUrl })
  const subscriber = publisher.duplicate()
  const clients = [publisher, subscriber]
  for (const client of clients) client.on('error', () => {})
  try {
    await Promise.all(clients.map((client) => client.connect()))
    await subscriber.subscribe(options.channel, (raw: string) => {
      const parsed = JSON.parse(raw) as { docId: string; instanceId: string; device?: string; update: string }
      options.onMessage({ docId: parsed.docId, instanceId: parsed.instanceId, device: parsed.device, update: new Uint8Array(Buffer.from(parsed.update, 'base64')) })
    })
  } catch (error) {
    for (const client of clients) client.destroy()
    throw error
  }
  return {
    async publish(message) {
      const payload = { docId: message.docId, instanceId: message.instanceId, device: message.device, update: Buffer.from(message.update).toString('base64') }
      await publisher.publish(options.channel, JSON.stringify(payload))
    },
    async close() {
      await Promise.allSettled(clients.map((client) => client.close()))
    },
  }
}
