import type { OpenApiService } from '@contact-sync/platform';
import { DirectoryController } from '../directory/directory.controller';
import { OrganizationsController } from '../organizations/organizations.controller';
import { PersonsController } from '../persons/persons.controller';
import { PhotoStoreController } from '../photos/photo-store.controller';
import { SyncStatusController } from '../syncs/sync-status.controller';
import { VisibilityPlanController } from '../visibility/visibility-plan.controller';

/** The contacts HTTP API: AppModule serves these controllers, the OpenAPI document describes them. */
export const CONTACTS_API: OpenApiService = {
  name: 'contacts',
  title: 'Contact Sync: contacts',
  description:
    "The CRM's persons, organizations and custom fields, every read and change under the acting user's visibility (a person the user may not see answers 404). " +
    'Public routes act for a CRM user (bearer acting-user JWT); routes tagged `internal` (`x-internal: true`) are service to service: ' +
    "the company directory the CRM core keeps in step, the photo store ingest fills, the sync status accounts reads, and operator diagnostics.",
  controllers: [PersonsController, OrganizationsController, DirectoryController, VisibilityPlanController, PhotoStoreController, SyncStatusController],
};
