import { Controller, Get } from '@nestjs/common';

/** Probes for npm start and compose. The emulator keeps everything in memory: alive means ready. */
@Controller('health')
export class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return { status: 'ok' };
  }
}
