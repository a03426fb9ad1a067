import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHOTO_CONTENT_TYPES, VISIBILITIES } from '@contact-sync/contact-model';
import type { Visibility } from '@contact-sync/events';
import { AddressDto, InstantMessengerDto, LabeledValueDto } from './person-input.dto';

/** Any JSON value (a field's value as either side held it). */
const ANY_VALUE = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }] };

export class PersonOrganizationView {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

/** The synced fields the CRM keeps as custom fields, by key (GET /custom-fields names them). */
export class PersonCustomFieldsView {
  @ApiPropertyOptional({ type: [InstantMessengerDto] }) instant_messengers?: InstantMessengerDto[];
  @ApiPropertyOptional({ type: () => AddressDto }) postal_address?: AddressDto;
  @ApiPropertyOptional() notes?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD, or --MM-DD without a year' }) birthday?: string;
  @ApiPropertyOptional() job_title?: string;
}

export class PersonPhotoView {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of the bytes' }) hash: string;
  @ApiProperty({ enum: PHOTO_CONTENT_TYPES }) contentType: (typeof PHOTO_CONTENT_TYPES)[number];
  @ApiProperty({ type: 'integer' }) byteLength: number;
  @ApiProperty({ description: 'Where to GET the bytes (same visibility as the person)', example: '/persons/66b1f0c2a4e5d6f7a8b9c0d1/photo' }) url: string;
}

export class WritebackErrorView {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'true: retrying will not help' }) permanent: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
}

export class NotSyncedValueView {
  @ApiProperty() field: string;
  @ApiPropertyOptional(ANY_VALUE) value?: unknown;
  @ApiProperty() reason: string;
}

/** Two-way sync: what write-back last reported for the person. */
export class PersonSyncView {
  @ApiProperty() accountId: string;
  @ApiProperty({ type: () => WritebackErrorView, nullable: true, description: 'The last write to the provider failed: why' }) error: WritebackErrorView | null;
  @ApiProperty({ type: [NotSyncedValueView], description: 'CRM values the provider cannot hold, kept in the CRM only' }) notSyncedToProvider: NotSyncedValueView[];
  @ApiProperty({ description: 'A CRM change is still on its way to the provider' }) pending: boolean;
}

/** A person as the API shows it (toPersonView returns exactly this type). */
export class PersonResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: [LabeledValueDto] }) emails: LabeledValueDto[];
  @ApiProperty({ type: [LabeledValueDto] }) phones: LabeledValueDto[];
  @ApiProperty({ type: () => AddressDto, nullable: true }) address: AddressDto | null;
  @ApiProperty({ type: () => PersonOrganizationView, nullable: true }) organization: PersonOrganizationView | null;
  @ApiProperty({ type: () => PersonCustomFieldsView }) customFields: PersonCustomFieldsView;
  @ApiProperty({ type: () => PersonPhotoView, nullable: true }) photo: PersonPhotoView | null;
  @ApiProperty() ownerUserId: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility: Visibility;
  @ApiProperty({ type: () => PersonSyncView, nullable: true, description: 'null unless the person takes part in a two-way sync' }) sync: PersonSyncView | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class PersonPageResponse {
  @ApiProperty({ type: [PersonResponse] }) items: PersonResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last page' }) nextCursor: string | null;
  @ApiProperty({ type: 'integer', description: 'Persons visible to the acting user (matching `q`, when given)' }) total: number;
}

export class SyncHistoryDecisionView {
  @ApiProperty() field: string;
  @ApiPropertyOptional(ANY_VALUE) crmValue?: unknown;
  @ApiPropertyOptional(ANY_VALUE) providerValue?: unknown;
  @ApiProperty({ enum: ['crm', 'provider'] }) winner: 'crm' | 'provider';
  @ApiProperty() reason: string;
}

export class SyncHistoryItemView {
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['writeback', 'inbound'], description: 'Which side was being applied when both had changed' }) during: 'writeback' | 'inbound';
  @ApiProperty({ type: [SyncHistoryDecisionView] }) decisions: SyncHistoryDecisionView[];
}

export class SyncHistoryResponse {
  @ApiProperty({ type: [SyncHistoryItemView], description: 'Newest first, at most 200' }) items: SyncHistoryItemView[];
}
