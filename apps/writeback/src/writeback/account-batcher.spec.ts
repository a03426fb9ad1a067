import { AccountBatcher } from './account-batcher';

describe('AccountBatcher', () => {
  it("runs one account's work one run at a time, merges what arrives meanwhile, other accounts alongside", async () => {
    const runs: string[][] = [];
    let active = 0;
    let maxActiveForA = 0;
    const batcher = new AccountBatcher<string>(async (account, items) => {
      if (account === 'a') maxActiveForA = Math.max(maxActiveForA, ++active);
      runs.push([account, ...items]);
      await new Promise((r) => setTimeout(r, 30));
      if (account === 'a') active--;
    });
    await Promise.all([batcher.submit('a', ['1']), batcher.submit('a', ['2']), batcher.submit('a', ['3', '4']), batcher.submit('b', ['x'])]);
    expect(runs).toEqual([['a', '1'], ['b', 'x'], ['a', '2', '3', '4']]);
    expect(maxActiveForA).toBe(1);
  });

  it('a failed run rejects every submitter merged into it, and the account goes on', async () => {
    let calls = 0;
    const batcher = new AccountBatcher<number>(async (_account, items) => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      if (items.includes(2)) throw new Error('provider down');
    });
    const first = batcher.submit('a', [1]);
    const second = batcher.submit('a', [2]);
    const third = batcher.submit('a', [3]);
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('provider down');
    await expect(third).rejects.toThrow('provider down');
    await expect(batcher.submit('a', [4])).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });
});
