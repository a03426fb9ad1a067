import { z } from 'zod';
import { parseInternalKey } from './internal-api-credentials';
import { checkedText } from './checked-text';

/** A service that calls internal APIs: its own credential, inline or as a file re-read when it changes (rotation without a restart). */
export const internalApiKeyEnvSchema = z.object({
  INTERNAL_API_KEY: checkedText(parseInternalKey, '').optional(),
  INTERNAL_API_KEY_FILE: z.string().min(1).optional(),
});

export type InternalApiKeyEnv = z.infer<typeof internalApiKeyEnvSchema>;
