import { signActorToken } from './actor-token';
import { DEMO_ACTOR, seedDemoDirectory } from './demo-directory';
import { startLocalStack } from './local-stack';

/** The printed demo token lasts a working day; restart `npm start` for a new one. */
const DEMO_TOKEN_TTL_SECONDS = 12 * 3600;

/** `npm start`: the whole system on fixed local ports, the emulator seeded with a demo address book. */
async function main(): Promise<void> {
  const stack = await startLocalStack({
    namespace: 'dev',
    seedDemo: true,
    ports: { 'provider-emulator': 3100, accounts: 3001, ingest: 3002, contacts: 3003, writeback: 3004 },
    // The printed demo token lives longer than the one hour a production token may.
    env: { accounts: { ACTOR_JWT_MAX_AGE_SECONDS: String(DEMO_TOKEN_TTL_SECONDS) }, contacts: { ACTOR_JWT_MAX_AGE_SECONDS: String(DEMO_TOKEN_TTL_SECONDS) } },
  });
  // Demo directory (company c1, role sales, user u1): what the printed token acts as.
  try {
    await seedDemoDirectory(stack);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  const token = signActorToken(DEMO_ACTOR, stack.actorJwtSecret, DEMO_TOKEN_TTL_SECONDS);
  const logDir = stack.services.accounts.logFile.replace(/\/[^/]+$/, '');
  process.stdout.write(`
Contact Sync is running.
  accounts API        ${stack.accountsUrl}      (connect accounts, configure and start syncs, dashboard)
  contacts API        ${stack.contactsUrl}      (persons, organizations, custom fields)
  ingest              ${stack.services.ingest.url}      (health and metrics only)
  writeback           ${stack.services.writeback.url}      (health and metrics only)
  provider emulator   ${stack.emulatorUrl}      (Google People API and Microsoft Graph; demo accounts demo@example.com)
  logs                ${logDir}

Try it as the demo user ${DEMO_ACTOR.userId} of company ${DEMO_ACTOR.companyId} (the CRM normally issues this token; this one is valid 12 h):
  export TOKEN=${token}
  curl -s -XPOST ${stack.accountsUrl}/accounts/connections -H 'content-type: application/json' \\
       -H "authorization: Bearer $TOKEN" -d '{"provider":"google","email":"demo@example.com"}'
  then open the authorizationUrl it returns; docs/getting-started.md walks through the rest.

Ctrl-C stops the services (Kafka and MongoDB keep running: npm run infra -- stop).
`);
  const shutdown = async () => {
    process.stdout.write('\nstopping services...\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
