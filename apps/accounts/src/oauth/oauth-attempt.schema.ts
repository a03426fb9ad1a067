import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/**
 * One authorization round trip. Keeps the PKCE verifier on the server (only its challenge travels),
 * and is consumed once: a replayed callback is refused.
 */
@Schema({ collection: 'oauth_attempts' })
export class OAuthAttempt {
  @Prop({ required: true }) accountId: string;
  @Prop({ required: true }) companyId: string;
  @Prop({ required: true }) codeVerifierSealed: string;
  @Prop({ required: true }) redirectUri: string;
  @Prop({ required: true }) expiresAt: Date;
  @Prop({ type: Date, default: null }) consumedAt: Date | null;
}

export type OAuthAttemptDocument = HydratedDocument<OAuthAttempt>;
export const OAuthAttemptSchema = SchemaFactory.createForClass(OAuthAttempt);
// Lookups are by _id (from the signed state); no secondary index needed. Expired attempts are
// ignored on read (TTL indexes are not available on every MongoDB-compatible server we run on).
