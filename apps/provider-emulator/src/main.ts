import { Logger } from '@nestjs/common';
import { createEmulatorApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createEmulatorApp({ seedDemo: process.env.EMULATOR_SEED_DEMO === 'true' });
  await app.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1');
  new Logger('Bootstrap').log(`provider emulator listening on ${await app.getUrl()} (admin API unauthenticated: local use only)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
