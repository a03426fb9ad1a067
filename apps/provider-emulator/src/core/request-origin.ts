import type { Request } from 'express';

/**
 * The emulator as the caller reached it (`http://127.0.0.1:3100`), for absolute links and photo URLs,
 * as the providers answer with their own host.
 */
export const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;
