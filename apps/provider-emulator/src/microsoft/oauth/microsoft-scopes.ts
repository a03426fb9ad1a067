/** Graph's resource URI: `https://graph.microsoft.com/Contacts.Read` and `Contacts.Read` are the same scope. */
const GRAPH = 'https://graph.microsoft.com/';

/** OpenID Connect scopes and offline_access: not Graph permissions. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

const CONTACTS_SCOPES = ['contacts.read', 'contacts.readwrite', 'contacts.read.shared', 'contacts.readwrite.shared'];

/** Requested scopes, space separated (a `+` is a form-encoded space), without duplicates. */
export function parseScopes(raw: string): string[] {
  return [...new Set(raw.split(/[\s+]+/).filter(Boolean))];
}

/** The Graph permission a scope names (short name, case-insensitive), or undefined for OIDC and other resources. */
export function graphPermission(scope: string): string | undefined {
  if (OIDC_SCOPES.includes(scope)) return undefined;
  if (scope.toLowerCase().startsWith(GRAPH)) return scope.slice(GRAPH.length).toLowerCase();
  return scope.includes('://') ? undefined : scope.toLowerCase();
}

const WRITE_SCOPES = ['contacts.readwrite', 'contacts.readwrite.shared'];

/** Contacts.ReadWrite (or .Shared): what create, update and delete of contacts need. */
export const hasContactsWriteScope = (scopes: string[]): boolean => scopes.some((s) => WRITE_SCOPES.includes(graphPermission(s) ?? ''));

/** Contacts.Read or Contacts.ReadWrite (or their .Shared variants), in either spelling. */
export const hasContactsScope = (scopes: string[]): boolean => scopes.some((s) => CONTACTS_SCOPES.includes(graphPermission(s) ?? ''));
