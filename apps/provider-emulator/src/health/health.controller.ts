import { Controller, Get } from '@nestjs/common';

/** The emulator holds everything in memory: alive means ready. */
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
