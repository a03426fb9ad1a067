import { Module } from '@nestjs/common';
import { GoogleModule } from '../google/google.module';
import { AdminController } from './admin.controller';
import { GoogleAdminController } from './google-admin.controller';

/** Admin API for tests and demos; a Microsoft admin controller joins GoogleAdminController later. */
@Module({
  imports: [GoogleModule],
  controllers: [AdminController, GoogleAdminController],
})
export class AdminModule {}
