/** What a dead letter can tell about its event, read leniently (the bytes may be the reason it failed). */
export interface EnvelopeFields {
  eventId: string | null;
  eventType: string | null;
  companyId: string | null;
  accountId: string | null;
  externalId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function envelopeFieldsOf(value: string | null): EnvelopeFields {
  let parsed: unknown = null;
  try {
    parsed = value === null ? null : JSON.parse(value);
  } catch {
    // Not JSON: nothing to read, the letter still records the bytes and the reason.
  }
  const env = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const payload = (env.payload && typeof env.payload === 'object' ? env.payload : {}) as Record<string, unknown>;
  return {
    eventId: str(env.id),
    eventType: str(env.type),
    companyId: str(env.companyId),
    accountId: str(env.accountId),
    externalId: str(payload.externalId),
  };
}
