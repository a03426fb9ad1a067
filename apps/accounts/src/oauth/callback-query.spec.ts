import { BadRequestException } from '@nestjs/common';
import { parseCallbackQuery } from './callback-query';

describe('parseCallbackQuery', () => {
  it('takes the parameters we read and leaves the providers\' own alone', () => {
    expect(parseCallbackQuery({ code: 'c', state: 's', scope: 'x y', authuser: '0', session_state: 'z' })).toEqual({ code: 'c', state: 's' });
    expect(parseCallbackQuery({ error: 'access_denied', error_description: 'no', state: 's' })).toEqual({ error: 'access_denied', error_description: 'no', state: 's' });
  });

  it('refuses a repeated or nested parameter with a 400 naming it', () => {
    expect(() => parseCallbackQuery({ code: 'c', state: ['a', 'b'] })).toThrow(new BadRequestException('the callback\'s "state" parameter was given 2 times; it must be given once'));
    expect(() => parseCallbackQuery({ code: { x: '1' }, state: 's' })).toThrow(/"code" parameter must be a plain value/);
  });
});
