import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertManyIdempotent } from '@contact-sync/platform';
import { Organization, type OrganizationDocument } from './organization.schema';

export const normalizeOrganizationName = (name: string): string => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

const CACHE_LIMIT = 10_000;

@Injectable()
export class OrganizationRepository {
  /** companyId|normalizedName → id. Organizations are never renamed by sync, so entries stay valid. */
  private readonly cache = new Map<string, string>();

  constructor(@InjectModel(Organization.name) private readonly model: Model<Organization>) {}

  /**
   * Ids of the company's organizations with these names, creating the missing ones: one query for
   * the unknown names, one insert for the new ones (duplicates from concurrent creators re-read).
   */
  async resolveMany(companyId: string, names: string[]): Promise<Map<string, string>> {
    const byNormalized = new Map(names.map((n) => [normalizeOrganizationName(n), n]));
    const result = new Map<string, string>();
    const unknown = [...byNormalized.keys()].filter((n) => {
      const id = this.cache.get(`${companyId}|${n}`);
      if (id) result.set(n, id);
      return !id;
    });
    if (unknown.length > 0) {
      const found = async (normalized: string[]) =>
        (await this.model.find({ companyId, normalizedName: { $in: normalized } }, { normalizedName: 1 }).lean().exec()).forEach((o) =>
          this.remember(companyId, o.normalizedName, String(o._id), result),
        );
      await found(unknown);
      const missing = unknown.filter((n) => !result.has(n));
      await insertManyIdempotent(this.model, missing.map((normalizedName) => ({ companyId, normalizedName, name: byNormalized.get(normalizedName) })));
      if (missing.length > 0) await found(missing);
    }
    // Keyed by the caller's spelling.
    return new Map(names.map((n) => [n, result.get(normalizeOrganizationName(n)) as string]));
  }

  /** The id of the company's organization of this name (case- and space-insensitive), without creating it. */
  async findId(companyId: string, name: string): Promise<string | null> {
    const normalizedName = normalizeOrganizationName(name);
    const cached = this.cache.get(`${companyId}|${normalizedName}`);
    if (cached) return cached;
    const found = await this.model.findOne({ companyId, normalizedName }, { _id: 1 }).lean().exec();
    return found ? String(found._id) : null;
  }

  private remember(companyId: string, normalizedName: string, id: string, into: Map<string, string>): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(`${companyId}|${normalizedName}`, id);
    into.set(normalizedName, id);
  }

  list(companyId: string): Promise<OrganizationDocument[]> {
    return this.model.find({ companyId }).sort({ normalizedName: 1 }).exec();
  }
}
