import { AccountQueue } from './account-queue';

describe('AccountQueue', () => {
  it('runs one account\'s work one at a time in order, other accounts alongside, and goes on after a failure', async () => {
    const q = new AccountQueue();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const a1 = q.run('a', step('a1', 30, true));
    const a2 = q.run('a', step('a2', 1));
    const b1 = q.run('b', step('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
