import { z } from 'zod';
import { parseInternalClients } from './internal-api-credentials';
import { checkedText } from './checked-text';

/** A service that serves internal APIs: who may call it, with which audiences; inline or as a file re-read when it changes. */
export const internalApiClientsEnvSchema = z.object({
  INTERNAL_API_CLIENTS: checkedText(parseInternalClients, ' (expected lines "<caller> <audience>[+<audience>…] <secret>")').optional(),
  INTERNAL_API_CLIENTS_FILE: z.string().min(1).optional(),
});

export type InternalApiClientsEnv = z.infer<typeof internalApiClientsEnvSchema>;
