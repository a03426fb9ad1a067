import { Injectable } from '@nestjs/common';
import { GoogleAddressBook } from './google-address-book';

/** Every emulated Google account, by e-mail address. */
@Injectable()
export class GoogleStore {
  private readonly books = new Map<string, GoogleAddressBook>();

  /** The account's address book, created on first use (first consent or admin seeding). */
  book(email: string): GoogleAddressBook {
    const key = email.toLowerCase();
    let book = this.books.get(key);
    if (!book) {
      book = new GoogleAddressBook(key);
      this.books.set(key, book);
    }
    return book;
  }

  find(email: string): GoogleAddressBook | undefined {
    return this.books.get(email.toLowerCase());
  }

  reset(): void {
    this.books.clear();
  }
}
