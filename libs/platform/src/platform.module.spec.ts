import { APP_GUARD, Reflector } from '@nestjs/core';
import type { Provider } from '@nestjs/common';
import { baseEnvSchema } from './config/base-env.schema';
import { HealthController } from './health/health.controller';
import { ActorGuard } from './http/actor.guard';
import { actorTokenEnvSchema, checkActorTokenEnv } from './http/actor-token-env.schema';
import { ActorTokenVerifier } from './http/actor-token.verifier';
import { IS_PUBLIC } from './http/public.decorator';
import { MetricsController } from './metrics/metrics.controller';
import { PlatformModule } from './platform.module';

const env = {
  PORT: '3003',
  KAFKA_BROKERS: '127.0.0.1:19092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  ACTOR_JWT_SECRET: 'a-very-long-shared-secret-of-40-characters',
};
const withActor = baseEnvSchema.merge(actorTokenEnvSchema).superRefine(checkActorTokenEnv);
const guardOf = (providers: Provider[] = []) => providers.find((p) => typeof p === 'object' && 'provide' in p && p.provide === APP_GUARD);

describe('PlatformModule.forService actorAuth', () => {
  const saved = { ...process.env };
  beforeEach(() => Object.assign(process.env, env));
  afterEach(() => {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('registers the verifier and ActorGuard as the global guard', () => {
    const module = PlatformModule.forService({ name: 'contacts', envSchema: withActor, actorAuth: true });
    expect(module.providers).toContain(ActorTokenVerifier);
    expect(guardOf(module.providers)).toEqual({ provide: APP_GUARD, useClass: ActorGuard });
  });

  it('installs no guard unless asked', () => {
    const module = PlatformModule.forService({ name: 'writeback', envSchema: baseEnvSchema });
    expect(guardOf(module.providers)).toBeUndefined();
    expect(module.providers).not.toContain(ActorTokenVerifier);
  });

  it('refuses actorAuth when the env schema lacks the actor token settings', () => {
    expect(() => PlatformModule.forService({ name: 'x', envSchema: baseEnvSchema, actorAuth: true })).toThrow(/actorAuth needs actorTokenEnvSchema/);
  });

  it('fails at start-up on a bad actor token setting', () => {
    delete process.env['ACTOR_JWT_SECRET'];
    expect(() => PlatformModule.forService({ name: 'contacts', envSchema: withActor, actorAuth: true })).toThrow(/ACTOR_JWT_SECRET: with ACTOR_JWT_ALGORITHM=HS256 set exactly one of/);
  });

  it('keeps health and metrics public', () => {
    const reflector = new Reflector();
    expect(reflector.get(IS_PUBLIC, HealthController)).toBe(true);
    expect(reflector.get(IS_PUBLIC, MetricsController)).toBe(true);
  });
});
