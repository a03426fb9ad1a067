import { hexId, opaque } from '../../core/ids';

export type GroupType = 'SYSTEM_CONTACT_GROUP' | 'USER_CONTACT_GROUP';

export interface ContactGroup {
  resourceName: string;
  name: string;
  formattedName: string;
  groupType: GroupType;
  /** User groups only: system groups come without etag and metadata. */
  etag?: string;
  updateTime?: string;
}

/**
 * System groups in the order contactGroups.list returns them after the user groups (taken from a
 * real response). Only myContacts and starred take members; the others are legacy or computed.
 */
const SYSTEM_GROUPS: [id: string, formattedName: string][] = [
  ['chatBuddies', 'Chat contacts'],
  ['all', 'All Contacts'],
  ['myContacts', 'My Contacts'],
  ['friends', 'Friends'],
  ['family', 'Family'],
  ['coworkers', 'Coworkers'],
  ['blocked', 'Blocked'],
  ['starred', 'Starred'],
];
export const MY_CONTACTS = 'contactGroups/myContacts';
export const ALL_CONTACTS = 'contactGroups/all';
const MEMBER_SYSTEM_GROUPS = new Set([MY_CONTACTS, 'contactGroups/starred']);

/** An account's contact groups: the fixed system groups plus the user's own ("labels"). */
export class ContactGroupSet {
  private readonly user = new Map<string, ContactGroup>();
  private readonly system = new Map<string, ContactGroup>(
    SYSTEM_GROUPS.map(([id, formattedName]) => [
      `contactGroups/${id}`,
      { resourceName: `contactGroups/${id}`, name: id, formattedName, groupType: 'SYSTEM_CONTACT_GROUP' as const },
    ]),
  );

  /** A new user group; Google refuses a second group of the same name. */
  create(name: string, now: string): ContactGroup | 'exists' {
    const taken = [...this.user.values()].some((g) => g.name.toLowerCase() === name.toLowerCase());
    if (taken) return 'exists';
    const group: ContactGroup = {
      resourceName: `contactGroups/${hexId(8)}`,
      name,
      formattedName: name,
      groupType: 'USER_CONTACT_GROUP',
      etag: opaque(8),
      updateTime: now,
    };
    this.user.set(group.resourceName, group);
    return group;
  }

  get(resourceName: string): ContactGroup | undefined {
    return this.user.get(resourceName) ?? this.system.get(resourceName);
  }

  /** Deletes a user group (system groups cannot be deleted); false when there is none. */
  delete(resourceName: string): boolean {
    return this.user.delete(resourceName);
  }

  /** User groups in creation order, then the system groups. */
  all(): ContactGroup[] {
    return [...this.user.values(), ...this.system.values()];
  }

  /**
   * A group a person can be put in, by resource name, id or (case-insensitive) name; or why not.
   * Admin seeds refer to groups by name for readability.
   */
  resolveMembership(ref: string): { ok: true; resourceName: string } | { ok: false; reason: string } {
    const found = this.find(ref);
    if (!found) return { ok: false, reason: `no contact group "${ref}"` };
    if (found.groupType === 'SYSTEM_CONTACT_GROUP' && !MEMBER_SYSTEM_GROUPS.has(found.resourceName)) {
      return { ok: false, reason: `${found.resourceName} cannot take members (only user groups, myContacts and starred can)` };
    }
    return { ok: true, resourceName: found.resourceName };
  }

  private find(ref: string): ContactGroup | undefined {
    const asName = ref.startsWith('contactGroups/') ? ref : `contactGroups/${ref}`;
    const direct = this.user.get(asName) ?? this.system.get(asName);
    if (direct) return direct;
    const lower = ref.toLowerCase();
    return this.all().find((g) => g.name.toLowerCase() === lower || g.formattedName.toLowerCase() === lower);
  }
}
