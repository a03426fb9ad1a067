import type { Birthday } from './canonical-contact';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO-8601 date, or `--MM-DD` (the vCard/ISO form) when the year is unknown. */
export function formatBirthday(birthday: Birthday): string {
  const monthDay = `${pad(birthday.month)}-${pad(birthday.day)}`;
  return birthday.year ? `${pad(birthday.year, 4)}-${monthDay}` : `--${monthDay}`;
}
