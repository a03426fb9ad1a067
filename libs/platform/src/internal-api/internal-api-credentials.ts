import { timingSafeEqual } from 'node:crypto';

/** The internal APIs, each its own audience: a caller holds only the ones it needs. */
export const INTERNAL_API_AUDIENCES = [
  /** accounts: access tokens of connected mailboxes (ingest, writeback). */
  'accounts.tokens',
  /** contacts: directory administration: companies, roles, users, followers (the CRM core). */
  'contacts.directory',
  /** contacts: a user's directory access, read-only (accounts, deciding what a user may configure). */
  'contacts.directory.read',
  /** contacts: a sync's live CRM figures (accounts' dashboard). */
  'contacts.sync-status',
  /** contacts: the photo store (ingest). */
  'contacts.photos',
  /** contacts: query plans for operators. */
  'contacts.diagnostics',
] as const;
export type InternalApiAudience = (typeof INTERNAL_API_AUDIENCES)[number];

const CALLER = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SECRET = /^[A-Za-z0-9_-]{32,}$/;

/** Who may call a service's internal APIs: per caller, its audiences and its valid secrets (several while one rotates). */
export type InternalApiClients = Map<string, { audiences: Set<InternalApiAudience>; secrets: Buffer[] }>;

/**
 * INTERNAL_API_CLIENTS: one entry per line (or `;`), `<caller> <audience>[+<audience>…] <secret>`;
 * a caller listed twice has two valid secrets (a rotation in progress), and must grant the same
 * audiences in both lines so the grant is never ambiguous.
 */
export function parseInternalClients(text: string): InternalApiClients {
  const clients: InternalApiClients = new Map();
  const entries = text.split(/[;\n]/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (entries.length === 0) throw new Error('no client given');
  for (const entry of entries) {
    const [caller, audienceList, secret, ...rest] = entry.split(/\s+/);
    if (!caller || !audienceList || !secret || rest.length > 0) throw new Error(`"${entry.slice(0, 24)}…" is not "<caller> <audience>[+<audience>…] <secret>"`);
    if (!CALLER.test(caller)) throw new Error(`caller "${caller.slice(0, 64)}" may use a-z, 0-9 and - only`);
    if (!SECRET.test(secret)) throw new Error(`the secret of "${caller}" must be at least 32 characters of A-Z a-z 0-9 _ - (openssl rand -base64 32 | tr '+/' '-_' | tr -d =)`);
    const audiences = new Set<InternalApiAudience>();
    for (const audience of audienceList.split('+')) {
      if (!(INTERNAL_API_AUDIENCES as readonly string[]).includes(audience)) throw new Error(`"${caller}": unknown audience "${audience}" (known: ${INTERNAL_API_AUDIENCES.join(', ')})`);
      audiences.add(audience as InternalApiAudience);
    }
    const known = clients.get(caller);
    if (known && [...audiences].sort().join('+') !== [...known.audiences].sort().join('+')) throw new Error(`"${caller}" is listed with different audiences`);
    clients.set(caller, { audiences, secrets: [...(known?.secrets ?? []), Buffer.from(secret)] });
  }
  return clients;
}

/** INTERNAL_API_KEY: `<caller>.<secret>`, sent as it is as the bearer token. */
export function parseInternalKey(text: string): string {
  const key = text.trim();
  const [caller, secret, ...rest] = key.split('.');
  if (!caller || !secret || rest.length > 0 || !CALLER.test(caller) || !SECRET.test(secret)) {
    throw new Error('must be "<caller>.<secret>": the caller name this service is listed under in the called services\' INTERNAL_API_CLIENTS, and its secret');
  }
  return key;
}

/** The caller a bearer token authenticates, or null: every listed secret of that caller compared in constant time. */
export function authenticateInternalCaller(clients: InternalApiClients, bearer: string): { caller: string; audiences: Set<InternalApiAudience> } | null {
  const dot = bearer.indexOf('.');
  if (dot <= 0) return null;
  const caller = bearer.slice(0, dot);
  const client = clients.get(caller);
  if (!client) return null;
  const presented = Buffer.from(bearer.slice(dot + 1));
  let ok = false;
  for (const secret of client.secrets) ok = (secret.length === presented.length && timingSafeEqual(secret, presented)) || ok;
  return ok ? { caller, audiences: client.audiences } : null;
}
