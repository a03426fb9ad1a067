import { first } from '../../google/api/query-params';
import { ALL_CONTACT_PROPERTIES } from '../contact/contact-fields';
import type { GraphRequest } from './graph-call';
import { badRequest } from './graph-error';

/** Outlook collections: 10 items a page unless asked, at most 1000 ($top and odata.maxpagesize). */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

const UNSUPPORTED = ['$filter', '$orderby', '$search', '$expand', '$count', '$skipToken'];

/** Query options the emulator does not implement answer 400 rather than being silently ignored. */
export function rejectUnsupported(query: Record<string, unknown>, also: string[] = []): void {
  const bad = Object.keys(query).find((k) => [...UNSUPPORTED, ...also].includes(k));
  if (bad) throw badRequest(`The query option ${bad} is not supported by the provider emulator.`);
}

function integer(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw badRequest(`Invalid ${name} query option value '${raw}': an integer from ${min} to ${max} is expected.`);
  return n;
}

export const topParam = (query: Record<string, unknown>): number => integer(first(query.$top), '$top', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
export const skipParam = (query: Record<string, unknown>): number => integer(first(query.$skip), '$skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;

const CANONICAL = new Map([...ALL_CONTACT_PROPERTIES, 'id'].map((p) => [p.toLowerCase(), p]));

/** `$select` of a contact query: property names (case-insensitive, as OData allows), canonical spelling. */
export function selectParam(query: Record<string, unknown>): string[] | undefined {
  const raw = first(query.$select);
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map((name) => {
    const p = CANONICAL.get(name.trim().toLowerCase());
    if (!p) throw badRequest(`Could not find a property named '${name.trim()}' on type 'microsoft.graph.contact'.`, 'RequestBroker--ParseUri');
    return p;
  });
}

/** `Prefer: odata.maxpagesize=N` (clamped to 1–1000); `applied` says whether to echo Preference-Applied. */
export function maxPageSize(prefer: string | undefined): { size: number; applied: boolean } {
  const m = prefer?.match(/(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)/i);
  if (!m) return { size: DEFAULT_PAGE_SIZE, applied: false };
  return { size: Math.min(MAX_PAGE_SIZE, Math.max(1, Number(m[1]))), applied: true };
}

/**
 * An absolute link (nextLink, deltaLink) to the path the client called, on the host it called, like
 * Graph's `https://graph.microsoft.com/v1.0/...`: `http://127.0.0.1:3100/v1.0/...` here. `$` and
 * `,` stay unencoded, as in Graph's links (the Graph SDK passes link queries through as they are).
 */
export function link(req: GraphRequest, params: Record<string, string | number | undefined>): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`)
    .join('&');
  return `${req.origin}/v1.0${req.path}${query ? `?${query}` : ''}`;
}

/** One page of a `$top`/`$skip` collection, with `@odata.nextLink` when more remain. */
export function page<T>(req: GraphRequest, items: T[], query: Record<string, unknown>, render: (item: T) => unknown): Record<string, unknown> {
  const top = topParam(query);
  const skip = skipParam(query);
  const slice = items.slice(skip, skip + top);
  const more = skip + slice.length < items.length;
  return {
    value: slice.map(render),
    ...(more ? { '@odata.nextLink': link(req, { $select: first(query.$select), $top: top, $skip: skip + top }) } : {}),
  };
}
