/**
 * Characters some MongoDB-compatible servers refuse (PostgreSQL rejects U+0000 in FerretDB) or that
 * no person name legitimately holds: C0 controls except tab, LF and CR, DEL, and lone surrogates
 * (invalid UTF-16, not encodable as UTF-8).
 */
// No `u` flag: it would read surrogate pairs as one code point and never see a lone half.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_UTF16 = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripForbiddenChars(value: string): string {
  return value.replace(FORBIDDEN_UTF16, '');
}

export function hasForbiddenChars(value: string): boolean {
  FORBIDDEN_UTF16.lastIndex = 0;
  const found = FORBIDDEN_UTF16.test(value);
  FORBIDDEN_UTF16.lastIndex = 0;
  return found;
}
