import { Module } from '@nestjs/common';
import { GoogleModule } from '../google/google.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { AdminController } from './admin.controller';
import { GoogleAdminController } from './google-admin.controller';
import { MicrosoftAdminController } from './microsoft-admin.controller';

/** Admin API for tests and demos: provider-neutral controls and one controller per provider. */
@Module({
  imports: [GoogleModule, MicrosoftModule],
  controllers: [AdminController, GoogleAdminController, MicrosoftAdminController],
})
export class AdminModule {}
