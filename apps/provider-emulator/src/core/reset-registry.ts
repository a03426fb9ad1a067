import { Injectable } from '@nestjs/common';

export interface Resettable {
  reset(): void;
}

/**
 * Everything that holds emulator state registers here, so `POST /admin/reset` clears it all,
 * including the state of provider modules added later (Microsoft beside Google).
 */
@Injectable()
export class ResetRegistry {
  private readonly items = new Set<Resettable>();

  register(item: Resettable): void {
    this.items.add(item);
  }

  resetAll(): void {
    for (const item of this.items) item.reset();
  }
}
