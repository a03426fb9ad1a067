import { startLocalStack } from './local-stack';

/** `npm start`: the whole system on fixed local ports, the emulator seeded with a demo address book. */
async function main(): Promise<void> {
  const stack = await startLocalStack({
    namespace: 'dev',
    seedDemo: true,
    ports: { 'provider-emulator': 3100, accounts: 3001, ingest: 3002, contacts: 3003, writeback: 3004 },
  });
  const logDir = stack.services.accounts.logFile.replace(/\/[^/]+$/, '');
  process.stdout.write(`
Contact Sync is running.
  accounts API        ${stack.accountsUrl}      (connect accounts, configure and start syncs, dashboard)
  contacts API        ${stack.contactsUrl}      (persons, organizations, custom fields)
  ingest              ${stack.services.ingest.url}      (health and metrics only)
  writeback           ${stack.services.writeback.url}      (health and metrics only)
  provider emulator   ${stack.emulatorUrl}      (Google People API and Microsoft Graph; demo accounts demo@example.com)
  logs                ${logDir}

Try it (the CRM gateway normally sets the x-user-id / x-company-id headers):
  curl -s -XPOST ${stack.accountsUrl}/accounts/connections -H 'content-type: application/json' \\
       -H 'x-user-id: u1' -H 'x-company-id: c1' -d '{"provider":"google","email":"demo@example.com"}'
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
