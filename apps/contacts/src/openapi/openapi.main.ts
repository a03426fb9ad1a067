import 'reflect-metadata';
import { writeOpenApiDocument } from '@contact-sync/platform';
import { CONTACTS_API } from './contacts-api';

// `npm run openapi` (from the workspace root): rewrites docs/openapi/contacts.openapi.json.
writeOpenApiDocument(CONTACTS_API).catch((err) => {
  console.error(err);
  process.exit(1);
});
