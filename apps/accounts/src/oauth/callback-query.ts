import { BadRequestException } from '@nestjs/common';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

const KNOWN = ['code', 'state', 'error', 'error_description'] as const;

/**
 * The provider's redirect query, each parameter we read given at most once as a plain value: a
 * repeated `state` (`?state=a&state=b`, which Express parses as an array) or a nested one
 * (`state[x]=…`) is a 400 naming it, never a 500. Parameters we do not read (Google adds `scope`,
 * `authuser`, `prompt`; Microsoft `session_state`) are left alone.
 */
export function parseCallbackQuery(query: Record<string, unknown>): CallbackQuery {
  const parsed: CallbackQuery = {};
  for (const name of KNOWN) {
    const value = query[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) throw new BadRequestException(`the callback's "${name}" parameter was given ${value.length} times; it must be given once`);
    if (typeof value !== 'string') throw new BadRequestException(`the callback's "${name}" parameter must be a plain value`);
    parsed[name] = value;
  }
  return parsed;
}
