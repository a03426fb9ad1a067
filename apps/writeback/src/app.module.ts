import { Module } from '@nestjs/common';
import { z } from 'zod';
import { baseEnvSchema, PlatformModule } from '@contact-sync/platform';

const writebackEnvSchema = baseEnvSchema.extend({ PORT: z.coerce.number().int().min(0).max(65535).default(3004) });

/**
 * Two-way write-back (CRM → provider) comes with the two-way sync issue. Until then the service
 * starts, reports health and metrics, and consumes nothing.
 */
@Module({ imports: [PlatformModule.forService({ name: 'writeback', envSchema: writebackEnvSchema })] })
export class AppModule {}
