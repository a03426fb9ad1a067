import { canonicalContactSchema, cleanText, emptyContact, hasForbiddenChars, normalizeContact } from './index';

describe('text hygiene', () => {
  it('removes NUL and other C0 controls, DEL and lone surrogates, keeps tab and line breaks', () => {
    expect(cleanText('Ada\u0000 Lovelace')).toBe('Ada Lovelace');
    expect(cleanText('a\u0001\u0008\u000B\u000C\u000E\u001F\u007Fb')).toBe('ab');
    expect(cleanText('line1\nline2\r\n\tend')).toBe('line1\nline2\r\n\tend');
    expect(cleanText('x\uD800y\uDC00z')).toBe('xyz');
    expect(cleanText('emoji \uD83D\uDE00')).toBe('emoji \uD83D\uDE00');
    expect(cleanText('\u0000\u0000')).toBeUndefined();
  });

  it('normalizeContact cleans every text field (a NUL in a name becomes a clean name)', () => {
    const contact = normalizeContact({
      ...emptyContact(),
      name: { givenName: 'Gr\u0000ace', familyName: '\u0000' },
      emails: [{ value: '\u0000' }, { value: 'g@x.test\u0007', label: 'work' }],
      notes: 'ok\u0000',
    });
    expect(contact.name).toEqual({ givenName: 'Grace' });
    expect(contact.emails).toEqual([{ value: 'g@x.test', label: 'work' }]);
    expect(contact.notes).toBe('ok');
    expect(canonicalContactSchema.safeParse(contact).success).toBe(true);
  });

  it('the canonical schema refuses text that still holds a forbidden character', () => {
    const result = canonicalContactSchema.safeParse({ ...emptyContact(), name: { givenName: 'Ada\u0000' } });
    expect(result.success).toBe(false);
    expect(hasForbiddenChars('fine\ttext')).toBe(false);
  });
});
