import type { OpenAPIObject } from '@nestjs/swagger';
import { isDeepStrictEqual } from 'node:util';

/** The JSON path of the first place two documents differ (for a readable drift message). */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return path;
}

/**
 * Null when the checked-in document equals the one generated from the code; otherwise what to do
 * about it and where the first difference is.
 */
export function describeOpenApiDrift(generated: OpenAPIObject, checkedIn: unknown, file: string): string | null {
  // Compared as the JSON that would be written: no undefined members, plain objects only.
  const where = firstDifference(JSON.parse(JSON.stringify(generated)), JSON.parse(JSON.stringify(checkedIn)), '$');
  return where === null
    ? null
    : `${file} is out of date with the controllers and DTOs (first difference at ${where}): run \`npm run openapi\` to regenerate it, and review the diff`;
}
