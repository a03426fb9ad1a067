import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SyncConfigDto } from './sync-config.dto';

const errorsOf = async (body: object) =>
  (await validate(plainToInstance(SyncConfigDto, body))).flatMap((e) => Object.values(e.constraints ?? {}));

describe('SyncConfigDto', () => {
  it('refuses two_way with a message saying it is not available yet', async () => {
    expect(await errorsOf({ groupId: null, direction: 'two_way', visibility: 'entire_company' })).toEqual([
      expect.stringContaining('two-way sync (write-back to the provider) is not implemented'),
    ]);
  });

  it('accepts one_way', async () => {
    expect(await errorsOf({ groupId: null, direction: 'one_way', visibility: 'entire_company' })).toEqual([]);
  });
});
