import { createHash } from 'node:crypto';
import { opaque } from '../../core/ids';

export interface ContactFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  /** 'contacts' for the mailbox's default Contacts folder (beta Graph calls it wellKnownName). */
  wellKnown?: 'contacts';
}

/** Ids in the shape of Exchange folder ids (base64-ish, `AQMkAD…`), opaque to clients. */
const folderId = () => `AQMkAD${opaque(30)}AAAA`;

/**
 * A stable id per mailbox: the default Contacts folder keeps its id across emulator restarts, so
 * demos and saved sync configurations that name it survive a restart.
 */
const stableId = (email: string, what: string) => `AQMkAD${createHash('sha256').update(`${email}:${what}`).digest('base64url').slice(0, 40)}AAAA`;

/**
 * The contact folders of one mailbox: the default "Contacts" folder (child of the hidden mailbox
 * root) and the user's folders, top-level ones being children of the default folder, as in Outlook.
 */
export class ContactFolderSet {
  readonly defaultFolder: ContactFolder;
  private readonly folders = new Map<string, ContactFolder>();

  constructor(email: string) {
    this.defaultFolder = { id: stableId(email, 'contacts'), displayName: 'Contacts', parentFolderId: stableId(email, 'root'), wellKnown: 'contacts' };
    this.folders.set(this.defaultFolder.id, this.defaultFolder);
  }

  get(id: string): ContactFolder | undefined {
    return this.folders.get(id);
  }

  /** A user folder under `parentId` (the default folder when absent); 'no-parent' for an unknown parent. */
  create(displayName: string, parentId?: string): ContactFolder | 'no-parent' | 'exists' {
    const parent = parentId === undefined ? this.defaultFolder : this.folders.get(parentId);
    if (!parent) return 'no-parent';
    if (this.children(parent.id).some((f) => f.displayName.toLowerCase() === displayName.toLowerCase())) return 'exists';
    let id = folderId();
    while (this.folders.has(id)) id = folderId();
    const folder: ContactFolder = { id, displayName, parentFolderId: parent.id };
    this.folders.set(id, folder);
    return folder;
  }

  /** Deletes a user folder and the folders under it; their ids, or undefined (default or unknown folder). */
  delete(id: string): string[] | undefined {
    if (id === this.defaultFolder.id || !this.folders.has(id)) return undefined;
    const gone = [id];
    for (let i = 0; i < gone.length; i++) gone.push(...this.children(gone[i] as string).map((f) => f.id));
    for (const g of gone) this.folders.delete(g);
    return gone;
  }

  children(id: string): ContactFolder[] {
    return [...this.folders.values()].filter((f) => f.parentFolderId === id);
  }

  /** What GET /me/contactFolders lists: the default folder, then the user's top-level folders. */
  topLevel(): ContactFolder[] {
    return [this.defaultFolder, ...this.children(this.defaultFolder.id)];
  }

  all(): ContactFolder[] {
    return [...this.folders.values()];
  }
}
