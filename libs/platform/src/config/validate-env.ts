import type { z } from 'zod';

/**
 * Validates the environment before anything boots; a bad setting stops start-up with a message
 * naming every wrong variable instead of failing later somewhere deep.
 */
export function validateEnv<S extends z.ZodTypeAny>(schema: S, env: Record<string, unknown> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}
