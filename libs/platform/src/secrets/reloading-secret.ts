import { Logger } from '@nestjs/common';
import { readFileSync, statSync } from 'node:fs';

/** Where a secret comes from: a value given inline (fixed until a restart) or a file (re-read when it changes). */
export interface SecretSource {
  inline?: string;
  file?: string;
}

/**
 * Key material that rotates without a restart. A file source is re-read when its modification time
 * or size changes, checked at most once per `checkEveryMs`: Kubernetes updates a mounted Secret in
 * place, so an operator adds the new key, waits, then retires the old one, and no pod restarts.
 * A file that no longer parses (half-written, a typo) keeps the last good value and is logged: a
 * rotation mistake must not take a running service down. The first read must parse: a bad secret
 * fails the start-up.
 */
export class ReloadingSecret<T> {
  private readonly logger = new Logger(ReloadingSecret.name);
  private value: T;
  private stamp = '';
  private checkedAt = 0;

  constructor(
    private readonly name: string,
    private readonly source: SecretSource,
    private readonly parse: (text: string) => T,
    private readonly checkEveryMs = 1_000,
  ) {
    if (source.file) {
      this.stamp = stampOf(source.file);
      this.value = this.parseOrThrow(readFileSync(source.file, 'utf8'), source.file);
      this.checkedAt = Date.now();
    } else if (source.inline !== undefined) {
      this.value = this.parseOrThrow(source.inline, name);
    } else {
      throw new Error(`${name}: set it inline or as ${name}_FILE`);
    }
  }

  get current(): T {
    const file = this.source.file;
    if (!file || Date.now() - this.checkedAt < this.checkEveryMs) return this.value;
    this.checkedAt = Date.now();
    try {
      const stamp = stampOf(file);
      if (stamp === this.stamp) return this.value;
      this.value = this.parseOrThrow(readFileSync(file, 'utf8'), file);
      this.stamp = stamp;
      this.logger.log(`${this.name}: reloaded from ${file}`);
    } catch (err) {
      this.logger.error(`${this.name}: ${file} could not be reloaded; keeping the last good value: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.value;
  }

  private parseOrThrow(text: string, where: string): T {
    try {
      return this.parse(text);
    } catch (err) {
      throw new Error(`${this.name} (${where}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function stampOf(file: string): string {
  const s = statSync(file);
  return `${s.mtimeMs}:${s.size}:${s.ino}`;
}

/** `kid:value` entries separated by commas or line breaks (blank lines and `#` comments ignored), in the order given. */
export function parseKeyList(text: string): { kid: string; value: string }[] {
  const entries = text
    .split(/[,\n]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0 || at === entry.length - 1) throw new Error(`"${entry.slice(0, 12)}…" is not kid:value`);
      const kid = entry.slice(0, at).trim();
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid)) throw new Error(`key id "${kid.slice(0, 64)}" may use letters, digits, . _ - only (at most 64)`);
      return { kid, value: entry.slice(at + 1).trim() };
    });
  if (entries.length === 0) throw new Error('no key given');
  const seen = new Set<string>();
  for (const { kid } of entries) {
    if (seen.has(kid)) throw new Error(`key id "${kid}" is given twice`);
    seen.add(kid);
  }
  return entries;
}
