import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { FaultInjector } from '../core/fault-injector';
import { accountKey } from '../core/provider';
import { RequestCounter } from '../core/request-counter';
import { ResetRegistry } from '../core/reset-registry';
import { TokenIssuer } from '../core/token-issuer';
import { TokenOutage } from '../core/token-outage';
import { GoogleStore } from '../google/google-store';
import { MicrosoftStore } from '../microsoft/microsoft-store';
import { accessTokenLifetimeSchema, expireAccessTokensSchema, faultSchema, tokenOutageSchema, waitForChangeSchema } from './admin-schemas';
import { ZodBodyPipe } from './zod-body.pipe';

/**
 * Provider-neutral test and demo controls: reset, fault injection, request counters, token
 * lifetimes. Unauthenticated by design: the emulator must never be reachable from outside.
 */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly registry: ResetRegistry,
    private readonly faults: FaultInjector,
    private readonly counter: RequestCounter,
    private readonly tokens: TokenIssuer,
    private readonly tokenOutage: TokenOutage,
    private readonly google: GoogleStore,
    private readonly microsoft: MicrosoftStore,
  ) {}

  /**
   * The account's change sequence, once it is above `after` (every create, edit and delete at
   * the provider moves it, ours and the user's), or when `timeoutMs` passed: `{ seq, changed }`.
   * A watcher waits here instead of polling the account's contacts.
   */
  @Get('changes')
  async changes(@Query(new ZodBodyPipe(waitForChangeSchema)) q: z.infer<typeof waitForChangeSchema>) {
    const store = q.provider === 'google' ? this.google : this.microsoft;
    const seq = await store.changeAbove(q.account, q.after ?? -1, q.after === undefined ? 0 : q.timeoutMs);
    if (seq === undefined) throw new NotFoundException(`no emulated ${q.provider} account ${accountKey(q.account)}`);
    return { seq, changed: q.after === undefined || seq > q.after };
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.registry.resetAll();
  }

  @Post('faults')
  addFault(@Body(new ZodBodyPipe(faultSchema)) body: z.infer<typeof faultSchema>) {
    return this.faults.add(body);
  }

  @Get('faults')
  listFaults() {
    return { faults: this.faults.pending() };
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faults.reset();
  }

  @Get('requests')
  requests(@Query('account') account?: string) {
    return this.counter.snapshot(account ? accountKey(account) : undefined);
  }

  @Delete('requests')
  @HttpCode(204)
  resetRequests(): void {
    this.counter.reset();
  }

  @Put('oauth/access-token-lifetime')
  accessTokenLifetime(@Body(new ZodBodyPipe(accessTokenLifetimeSchema)) body: z.infer<typeof accessTokenLifetimeSchema>) {
    this.tokens.accessTokenLifetimeSeconds = body.seconds;
    return { seconds: body.seconds };
  }

  @Post('oauth/expire-access-tokens')
  @HttpCode(200)
  expireAccessTokens(@Body(new ZodBodyPipe(expireAccessTokensSchema)) body: z.infer<typeof expireAccessTokensSchema>) {
    return { expired: this.tokens.expireAccessTokens({ account: body.account }) };
  }

  @Post('oauth/token-outage')
  @HttpCode(204)
  failTokenRequests(@Body(new ZodBodyPipe(tokenOutageSchema)) body: z.infer<typeof tokenOutageSchema>): void {
    this.tokenOutage.failNext(body.provider, body.count, body.status);
  }
}
