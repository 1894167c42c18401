import type { Room } from './room.ts'

/**
 * A feature's part in the life of every loaded document: the hub's tree and links, the task
 * index, and next history, search and comments. Extensions are registered once, in order, by
 * app.ts (`registry.use(ext)`); each hook runs for every room, in that order, and decides for
 * itself whether the room concerns it.
 *
 * The order is part of the contract: an extension may read what an earlier one derived in the
 * same pass (the task index reads the hub's page rows, so the hub comes first).
 *
 * A hook that throws is logged with the extension's name and the next one still runs: the
 * commit it follows is already durable, and derived state catches up on the next change or a
 * rebuild. Hooks are synchronous because they run between a commit and the next batch.
 */
export interface DocExtension {
  readonly name: string
  /** The room has loaded from the store, before any peer or server change sees it. */
  onLoad?(room: Room): void
  /** One or more of this room's updates are durable and broadcast. */
  afterCommit?(room: Room): void
  /** A peer left the room (`room.peers.size` says whether anyone is still there). */
  afterLeave?(room: Room): void
  /** The room is forgotten: unloaded when idle, failed, or evicted. */
  onUnload?(room: Room): void
  /** The server is closing: write out anything buffered. */
  flush?(): void
}

type Hook = 'onLoad' | 'afterCommit' | 'afterLeave' | 'onUnload'

/** The registered extensions, run in order, each isolated from the others' failures. */
export class DocPipeline {
  private readonly extensions: DocExtension[] = []

  constructor(private readonly onError: (err: unknown, extension: string, hook: string, docId: string | null) => void) {}

  use(extension: DocExtension): void {
    if (this.extensions.some((e) => e.name === extension.name)) throw new Error(`document extension ${extension.name} is registered twice`)
    this.extensions.push(extension)
  }

  /** Names in run order (for the architecture test and for logs). */
  get names(): string[] {
    return this.extensions.map((e) => e.name)
  }

  run(hook: Hook, room: Room): void {
    for (const extension of this.extensions) {
      const fn = extension[hook]
      if (!fn) continue
      try {
        fn.call(extension, room)
      } catch (err) {
        this.onError(err, extension.name, hook, room.id)
      }
    }
  }

  flush(): void {
    for (const extension of this.extensions) {
      try {
        extension.flush?.()
      } catch (err) {
        this.onError(err, extension.name, 'flush', null)
      }
    }
  }
}
