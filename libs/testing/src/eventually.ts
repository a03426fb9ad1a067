/**
 * Polls until `probe` stops throwing (an assertion inside it passes). This waits for asynchronous
 * convergence; it is not a performance assertion, so the limit is generous.
 */
export async function eventually<T>(probe: () => Promise<T>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
    }
  }
}
