import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../http/public.decorator';
import { Metrics } from './metrics';

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
