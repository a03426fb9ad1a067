import { randomBytes } from 'node:crypto';

export const opaque = (bytes = 16): string => randomBytes(bytes).toString('base64url');
export const hexId = (bytes = 8): string => randomBytes(bytes).toString('hex');
