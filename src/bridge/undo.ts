// What a failed ADD has to take back, newest first, and how steps run side by side. Undo errors
// are reported on stderr only: the error the caller sees is the one that made ADD fail.
export class Undo {
  private readonly steps: [string, () => Promise<void>][] = [];

  push(what: string, step: () => Promise<void>): void {
    this.steps.push([what, step]);
  }

  async run(): Promise<void> {
    for (const [what, step] of this.steps.reverse()) {
      try {
        await step();
      } catch (e) {
        process.stderr.write(`bridge: undo ${what}: ${(e as Error).message}\n`);
      }
    }
  }
}

/**
 * Steps that run side by side: all are waited for (so that undo never races a step still
 * running), then the first failure in list order is thrown.
 */
export async function settled<T extends readonly unknown[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const outcomes = await Promise.allSettled(steps);
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

