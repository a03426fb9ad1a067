import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConsentScript } from './consent-script';
import { EMULATOR_CONFIG, type EmulatorConfig } from './emulator-config';
import { FaultInjector } from './fault-injector';
import { RequestCounter } from './request-counter';
import { ResetRegistry } from './reset-registry';
import { TokenIssuer } from './token-issuer';

/** Provider-neutral pieces every emulated provider uses: config, tokens, counters, faults, scripted consent, reset. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: EmulatorConfig): DynamicModule {
    const providers = [{ provide: EMULATOR_CONFIG, useValue: config }, ResetRegistry, TokenIssuer, RequestCounter, FaultInjector, ConsentScript];
    return { module: CoreModule, providers, exports: providers };
  }
}
