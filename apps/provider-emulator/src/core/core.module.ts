import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConsentScript } from './consent-script';
import { EMULATOR_CONFIG, type EmulatorConfig } from './emulator-config';
import { FaultInjector } from './fault-injector';
import { PhotoController } from './photo.controller';
import { PhotoRegistry } from './photo-registry';
import { RequestCounter } from './request-counter';
import { ResetRegistry } from './reset-registry';
import { TokenIssuer } from './token-issuer';

/** Provider-neutral pieces every emulated provider uses: config, tokens, counters, faults, scripted consent, reset, public photo URLs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: EmulatorConfig): DynamicModule {
    const providers = [{ provide: EMULATOR_CONFIG, useValue: config }, ResetRegistry, TokenIssuer, RequestCounter, FaultInjector, ConsentScript, PhotoRegistry];
    return { module: CoreModule, controllers: [PhotoController], providers, exports: providers };
  }
}
