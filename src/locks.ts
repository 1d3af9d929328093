// Waiting in turn, for work that must not overlap: small primitives the server, the evidence store
// and the store's syncs share.

/**
 * One holder per key at a time, others queue in arrival order (acquire takes its place in the
 * queue at once, before it first awaits). The runner pool keys it by container, so two incidents
 * never act on the same container at once; the server keys it by alert sender, so one sender's
 * requests are taken one at a time.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Wait for the key; the returned release (safe to call twice) passes it to the next in line. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Keys someone holds or waits for. */
  busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}

/** A counting semaphore: at most `limit` holders, waiters served in arrival order (FairSemaphore with one lane). */
export class Semaphore {
  private readonly slots: FairSemaphore;
  constructor(limit: number) {
    this.slots = new FairSemaphore(limit);
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.slots.run('', work);
  }
}

/**
 * At most `limit` holders; waiters are served one lane at a time, in turn (round robin), each lane
 * in arrival order. A lane that queues many (one API key flooding alerts) waits behind its own
 * work, never in front of another lane's.
 */
export class FairSemaphore {
  private active = 0;
  /** Lanes with waiters, in the order their turn comes (a served lane goes to the back). */
  private readonly lanes = new Map<string, (() => void)[]>();
  constructor(private readonly limit: number) {}

  async run<T>(lane: string, work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.lanes.get(lane);
        if (queue) queue.push(resolve);
        else this.lanes.set(lane, [resolve]);
      });
    } else this.active++;
    try {
      return await work();
    } finally {
      const next = this.nextWaiter();
      // a finishing holder hands its slot straight to the next waiter, so no newcomer slips in between
      if (next) next();
      else this.active--;
    }
  }

  private nextWaiter(): (() => void) | undefined {
    const first = this.lanes.entries().next();
    if (first.done) return undefined;
    const [lane, queue] = first.value;
    const next = queue.shift();
    this.lanes.delete(lane);
    if (queue.length > 0) this.lanes.set(lane, queue);
    return next;
  }
}

/**
 * Group commit: one flush per key at a time, and everything asked for while it runs goes into the
 * next one, in arrival order. The first flush starts once the current turn of the event loop is
 * done (setImmediate), so callers of one turn share it: the steps of a parallel group start in one
 * turn, and their start commits went out in two syncs, one after the other, when the first caller
 * was flushed at once. Every caller of a group gets that group's outcome.
 */
export class GroupFlush<T> {
  private readonly waiting = new Map<string, { items: T[]; settle: { resolve: () => void; reject: (error: unknown) => void }[] }>();
  private readonly flushing = new Set<string>();

  constructor(private readonly flush: (key: string, items: T[]) => Promise<void>) {}

  run(key: string, item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const group = this.waiting.get(key) ?? { items: [], settle: [] };
      this.waiting.set(key, group);
      group.items.push(item);
      group.settle.push({ resolve, reject });
      if (!this.flushing.has(key)) {
        this.flushing.add(key);
        setImmediate(() => void this.drain(key));
      }
    });
  }

  private async drain(key: string): Promise<void> {
    try {
      for (let group = this.waiting.get(key); group; group = this.waiting.get(key)) {
        this.waiting.delete(key);
        try {
          await this.flush(key, group.items);
          for (const { resolve } of group.settle) resolve();
        } catch (error) {
          for (const { reject } of group.settle) reject(error);
        }
      }
    } finally {
      this.flushing.delete(key);
    }
  }
}
