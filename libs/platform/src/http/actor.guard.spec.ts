import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { SERVICE_CONFIG } from '../config/service-config';
import { CurrentActor, type Actor } from './actor';
import { ActorGuard } from './actor.guard';
import { ActorTokenVerifier } from './actor-token.verifier';
import { Public } from './public.decorator';

const secret = 'a-very-long-shared-secret-of-40-characters';
const token = (claims: object = { sub: 'u1', company_id: 'c1' }) => new JwtService().sign(claims, { algorithm: 'HS256', secret, expiresIn: 300 });

@Controller('things')
class ThingsController {
  @Get()
  list(@CurrentActor() actor: Actor) {
    return { actor };
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  /** Wiring mistake: a public route asking for the actor. */
  @Public()
  @Get('confused')
  confused(@CurrentActor() actor: Actor) {
    return { actor };
  }
}

@Public()
@Controller('callbacks')
class CallbacksController {
  @Get()
  hit() {
    return { public: true };
  }
}

// What PlatformModule.forService({ actorAuth: true }) registers.
@Module({
  controllers: [ThingsController, CallbacksController],
  providers: [
    { provide: SERVICE_CONFIG, useValue: { ACTOR_JWT_ALGORITHM: 'HS256', ACTOR_JWT_SECRET: secret } },
    ActorTokenVerifier,
    { provide: APP_GUARD, useClass: ActorGuard },
  ],
})
class TestModule {}

describe('ActorGuard (global, over HTTP)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(TestModule, { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('puts the verified actor on the request for @CurrentActor()', async () => {
    const res = await request(app.getHttpServer()).get('/things').set('authorization', `Bearer ${token()}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ actor: { userId: 'u1', companyId: 'c1' } });
  });

  it('answers 401 with the reason without a valid token', async () => {
    const missing = await request(app.getHttpServer()).get('/things');
    expect({ status: missing.status, message: missing.body.message }).toEqual({ status: 401, message: 'missing bearer token (Authorization: Bearer <actor JWT>)' });
    const headers = await request(app.getHttpServer()).get('/things').set('x-user-id', 'u1').set('x-company-id', 'c1');
    expect(headers.status).toBe(401);
    const noCompany = await request(app.getHttpServer()).get('/things').set('authorization', `Bearer ${token({ sub: 'u1' })}`);
    expect({ status: noCompany.status, message: noCompany.body.message }).toEqual({ status: 401, message: 'actor token lacks the company (company_id)' });
  });

  it('skips @Public() handlers and controllers', async () => {
    expect((await request(app.getHttpServer()).get('/things/open')).body).toEqual({ open: true });
    expect((await request(app.getHttpServer()).get('/callbacks')).body).toEqual({ public: true });
    // A token on a public route is ignored, even a bad one.
    expect((await request(app.getHttpServer()).get('/callbacks').set('authorization', 'Bearer junk')).status).toBe(200);
  });

  it('@CurrentActor() on a public route is a 401, not an anonymous actor', async () => {
    const res = await request(app.getHttpServer()).get('/things/confused').set('authorization', `Bearer ${token()}`);
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 401, message: 'no verified acting user on this request' });
  });
});
