import type { z } from 'zod';
import type { InternalApiClientsEnv } from './internal-api-clients-env.schema';
import type { InternalApiKeyEnv } from './internal-api-key-env.schema';

/** Exactly one of an inline value and its file, for each internal-API setting the schema has. */
export function checkInternalApiEnv(env: Partial<InternalApiKeyEnv & InternalApiClientsEnv>, ctx: z.RefinementCtx, settings: ('INTERNAL_API_KEY' | 'INTERNAL_API_CLIENTS')[]): void {
  for (const name of settings) {
    if (Boolean(env[name]) === Boolean(env[`${name}_FILE`])) {
      ctx.addIssue({ code: 'custom', path: [name], message: `set exactly one of ${name} and ${name}_FILE` });
    }
  }
}
