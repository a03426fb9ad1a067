import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'contact-sync:public';

/**
 * Exempts a route or a whole controller from the acting-user token (ActorGuard): health, metrics,
 * the OAuth browser redirect, and internal controllers, which have their own guard.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
