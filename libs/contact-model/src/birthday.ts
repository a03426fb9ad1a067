import type { Birthday } from './canonical-contact';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO-8601 date, or `--MM-DD` (the vCard/ISO form) when the year is unknown. */
export function formatBirthday(birthday: Birthday): string {
  const monthDay = `${pad(birthday.month)}-${pad(birthday.day)}`;
  return birthday.year ? `${pad(birthday.year, 4)}-${monthDay}` : `--${monthDay}`;
}

/** The reverse of `formatBirthday`: `YYYY-MM-DD` or `--MM-DD`; undefined for anything else. */
export function parseBirthday(value: string): Birthday | undefined {
  const m = value.match(/^(?:(\d{4})|-)-(\d{2})-(\d{2})$/);
  if (!m) return undefined;
  const [year, month, day] = [m[1] ? Number(m[1]) : undefined, Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || year === 0) return undefined;
  return year ? { year, month, day } : { month, day };
}
