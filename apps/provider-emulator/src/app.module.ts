import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { CoreModule } from './core/core.module';
import type { EmulatorConfig } from './core/emulator-config';
import { GoogleModule } from './google/google.module';
import { HealthController } from './health/health.controller';

/** Provider stand-ins: Google now; Microsoft Graph joins as a MicrosoftModule beside GoogleModule. */
@Module({})
export class AppModule {
  static forRoot(config: EmulatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), GoogleModule, AdminModule],
      controllers: [HealthController],
    };
  }
}
