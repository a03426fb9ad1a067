import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, type FilterQuery, type Model, type UpdateQuery } from 'mongoose';
import type { ProviderKind } from '@contact-sync/contact-model';
import { Account, type AccountDocument } from './account.schema';

/** Tenant scope every user-facing query must name. */
export interface OwnerScope {
  companyId: string;
  ownerUserId: string;
}

/** All access to accounts. User-facing methods take the owner scope, so a query cannot forget it. */
@Injectable()
export class AccountRepository {
  constructor(@InjectModel(Account.name) private readonly model: Model<Account>) {}

  async upsertPending(scope: OwnerScope, provider: ProviderKind, email: string): Promise<AccountDocument> {
    return this.model
      .findOneAndUpdate(
        { ...scope, provider, email },
        { $setOnInsert: { ...scope, provider, email, status: 'pending' } },
        { upsert: true, new: true },
      )
      .orFail();
  }

  listForOwner(scope: OwnerScope): Promise<AccountDocument[]> {
    return this.model.find({ ...scope, status: { $ne: 'disconnected' } }).sort({ _id: 1 }).exec();
  }

  findForOwner(scope: OwnerScope, id: string): Promise<AccountDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOne({ _id: id, ...scope }).exec();
  }

  /** `guard` adds conditions (compare-and-set): null when the account does not match them. */
  updateForOwner(scope: OwnerScope, id: string, update: UpdateQuery<Account>, guard: FilterQuery<Account> = {}): Promise<AccountDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOneAndUpdate({ ...guard, _id: id, ...scope }, update, { new: true }).exec();
  }

  /** Internal (service-to-service) lookups: callers are authenticated services, not users. */
  findByIdInternal(id: string): Promise<AccountDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findById(id).exec();
  }

  updateByIdInternal(id: string, update: UpdateQuery<Account>, guard: FilterQuery<Account> = {}): Promise<AccountDocument | null> {
    if (!isValidObjectId(id)) return Promise.resolve(null);
    return this.model.findOneAndUpdate({ ...guard, _id: id }, update, { new: true }).exec();
  }

  /** Compare-and-set on tokenVersion: only the refresh that read the current tokens may replace them. */
  async replaceTokensIfVersion(id: string, expectedVersion: number, update: Partial<Account>): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: id, tokenVersion: expectedVersion },
      { $set: update, $inc: { tokenVersion: 1 } },
    );
    return res.modifiedCount === 1;
  }
}
