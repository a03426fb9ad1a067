import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who calls which internal API in a local stack: the services, the CRM core (tests, `npm start`) and an operator. */
export const LOCAL_INTERNAL_CALLERS = ['accounts', 'ingest', 'writeback', 'crm-core', 'operator'] as const;
export type LocalInternalCaller = (typeof LOCAL_INTERNAL_CALLERS)[number];

/** The grants production gives (docs/deployment.md), per serving service. */
const GRANTS = {
  accounts: [['ingest', 'accounts.tokens'], ['writeback', 'accounts.tokens']],
  contacts: [['crm-core', 'contacts.directory'], ['accounts', 'contacts.directory.read+contacts.sync-status'], ['ingest', 'contacts.photos'], ['operator', 'contacts.diagnostics']],
} as const satisfies Record<'accounts' | 'contacts', readonly (readonly [LocalInternalCaller, string])[]>;

export interface LocalInternalCredentials {
  /** Each caller's bearer value (`<caller>.<secret>`). */
  keys: Record<LocalInternalCaller, string>;
  /** The files the services read (re-read when they change: rotation tests rewrite them). */
  files: { clients: Record<keyof typeof GRANTS, string>; keys: Record<'accounts' | 'ingest' | 'writeback', string> };
  /** The INTERNAL_API_CLIENTS text of a serving service for these keys (plus extra lines, e.g. a second key of a caller being rotated). */
  clientsText(server: keyof typeof GRANTS, keys: Record<LocalInternalCaller, string | string[]>): string;
}

export const newInternalKey = (caller: LocalInternalCaller) => `${caller}.${randomBytes(32).toString('base64url')}`;

/** One credential per caller, written to files as Kubernetes would mount them. */
export function writeLocalInternalCredentials(dir: string): LocalInternalCredentials {
  const keys = Object.fromEntries(LOCAL_INTERNAL_CALLERS.map((c) => [c, newInternalKey(c)])) as Record<LocalInternalCaller, string>;
  const clientsText = (server: keyof typeof GRANTS, current: Record<LocalInternalCaller, string | string[]>) =>
    GRANTS[server].flatMap(([caller, audiences]) => [current[caller]].flat().map((key) => `${caller} ${audiences} ${key.slice(key.indexOf('.') + 1)}`)).join('\n') + '\n';
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  return {
    keys,
    clientsText,
    files: {
      clients: { accounts: file('internal-api-clients.accounts', clientsText('accounts', keys)), contacts: file('internal-api-clients.contacts', clientsText('contacts', keys)) },
      keys: { accounts: file('internal-api-key.accounts', `${keys.accounts}\n`), ingest: file('internal-api-key.ingest', `${keys.ingest}\n`), writeback: file('internal-api-key.writeback', `${keys.writeback}\n`) },
    },
  };
}
