import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@contact-sync/platform';
import { GoogleContactsDriver, MicrosoftContactsDriver, ProviderRegistry, type ContactProviderDriver } from '@contact-sync/provider-adapters';
import type { IngestConfig } from '../config/ingest-env.schema';

export const CONTACT_DRIVERS = Symbol('CONTACT_DRIVERS');
export type ContactDrivers = ProviderRegistry<ContactProviderDriver>;

/** The only place ingest names providers. */
export const contactDriversProvider: Provider = {
  provide: CONTACT_DRIVERS,
  inject: [SERVICE_CONFIG],
  useFactory: (c: IngestConfig): ContactDrivers =>
    new ProviderRegistry<ContactProviderDriver>([new GoogleContactsDriver(c.GOOGLE_API_ROOT_URL), new MicrosoftContactsDriver(c.MICROSOFT_GRAPH_BASE_URL)]),
};
