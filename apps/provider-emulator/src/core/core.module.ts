import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CallGate } from './call-gate';
import { ConsentScript } from './consent-script';
import { EMULATOR_CONFIG, type EmulatorConfig } from './emulator-config';
import { FaultInjector } from './fault-injector';
import { InFlightCalls } from './in-flight-calls';
import { PhotoController } from './photo.controller';
import { PhotoRegistry } from './photo-registry';
import { RequestCounter } from './request-counter';
import { ResetRegistry } from './reset-registry';
import { TokenIssuer } from './token-issuer';
import { TokenOutage } from './token-outage';

/** Provider-neutral pieces every emulated provider uses: config, tokens, the API gate (counters, faults, calls in flight), scripted consent, token-endpoint outages, reset, public photo URLs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: EmulatorConfig): DynamicModule {
    const providers = [{ provide: EMULATOR_CONFIG, useValue: config }, ResetRegistry, TokenIssuer, RequestCounter, FaultInjector, InFlightCalls, CallGate, ConsentScript, PhotoRegistry, TokenOutage];
    return { module: CoreModule, controllers: [PhotoController], providers, exports: providers };
  }
}
