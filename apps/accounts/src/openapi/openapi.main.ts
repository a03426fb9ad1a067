import 'reflect-metadata';
import { writeOpenApiDocument } from '@contact-sync/platform';
import { ACCOUNTS_API } from './accounts-api';

// `npm run openapi` (from the workspace root): rewrites docs/openapi/accounts.openapi.json.
writeOpenApiDocument(ACCOUNTS_API).catch((err) => {
  console.error(err);
  process.exit(1);
});
