import { invalidArgument } from './google-api-error';

export type QueryValue = string | string[] | undefined;

/** Express parses repeated parameters into arrays; scalar API parameters take the first value. */
export const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);

export const all = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(all) : typeof v === 'string' ? [v] : []);

/** An int32 parameter with the API's "0 or unset means the default" rule. */
export function pageSizeParam(raw: string | undefined, name: string, defaultSize: number, max: number): number {
  if (raw === undefined || raw === '') return defaultSize;
  if (!/^-?\d+$/.test(raw)) throw invalidArgument(`Invalid value at '${name}' (TYPE_INT32), "${raw}"`);
  const n = Number(raw);
  if (n === 0) return defaultSize;
  if (n < 1 || n > max) throw invalidArgument(`${name} must be between 1 and ${max}, inclusive.`);
  return n;
}

export function boolParam(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalidArgument(`Invalid value at '${name}' (TYPE_BOOL), "${raw}"`);
}
