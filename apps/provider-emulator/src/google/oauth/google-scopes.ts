/** Short scope names Google accepts at consent and returns in full in token responses. */
const ALIASES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

export function parseScopes(raw: string): string[] {
  return [...new Set(raw.split(/[\s+]+/).filter(Boolean).map((s) => ALIASES[s] ?? s))];
}
