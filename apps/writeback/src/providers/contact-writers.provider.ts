import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import { GoogleContactsWriter, MicrosoftContactsWriter, ProviderRegistry, type ContactProviderWriter } from '@contact-sync/provider-adapters';
import type { WritebackConfig } from '../config/writeback-env.schema';

export const CONTACT_WRITERS = Symbol('CONTACT_WRITERS');
export type ContactWriters = ProviderRegistry<ContactProviderWriter>;

/** The only place writeback names providers. */
export const contactWritersProvider: Provider = {
  provide: CONTACT_WRITERS,
  inject: [SERVICE_CONFIG],
  useFactory: (c: WritebackConfig): ContactWriters =>
    new ProviderRegistry<ContactProviderWriter>([new GoogleContactsWriter(c.GOOGLE_API_ROOT_URL), new MicrosoftContactsWriter(c.MICROSOFT_GRAPH_BASE_URL)]),
};
