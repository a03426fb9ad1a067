/**
 * Who made a contact's last change: `api`, a client through the provider API (the sync's
 * write-back), or `admin`, the emulator's admin API (the user editing at the provider). Tests use
 * it to tell an echo of our own write from a user's edit.
 */
export type ChangeOrigin = 'api' | 'admin';

export interface LastChange {
  by: ChangeOrigin;
  /** The operation that made it (`people.updateContact`, `admin.patch`, ...). */
  operation: string;
  at: string;
}

/** Who changes a contact, and through which operation. */
export interface ChangeBy {
  by: ChangeOrigin;
  operation: string;
}

/** The default of every store write: the admin API, as the user would at the provider. */
export const ADMIN_CHANGE: ChangeBy = { by: 'admin', operation: 'admin' };
