import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SyncConfigDto } from './sync-config.dto';

const errorsOf = async (body: object) =>
  (await validate(plainToInstance(SyncConfigDto, body))).flatMap((e) => Object.values(e.constraints ?? {}));

describe('SyncConfigDto', () => {
  it('accepts one_way and two_way', async () => {
    expect(await errorsOf({ groupId: null, direction: 'one_way', visibility: 'entire_company' })).toEqual([]);
    expect(await errorsOf({ groupId: null, direction: 'two_way', visibility: 'entire_company' })).toEqual([]);
  });

  it('refuses any other direction, naming the allowed ones', async () => {
    expect(await errorsOf({ groupId: null, direction: 'both', visibility: 'entire_company' })).toEqual([expect.stringContaining('one_way, two_way')]);
  });
});
