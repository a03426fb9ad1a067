import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { CoreModule } from './core/core.module';
import type { EmulatorConfig } from './core/emulator-config';
import { GoogleModule } from './google/google.module';
import { HealthController } from './health/health.controller';
import { MicrosoftModule } from './microsoft/microsoft.module';

/** Provider stand-ins: Google (People API, OAuth) and Microsoft (Graph contacts, identity platform). */
@Module({})
export class AppModule {
  static forRoot(config: EmulatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), GoogleModule, MicrosoftModule, AdminModule],
      controllers: [HealthController],
    };
  }
}
