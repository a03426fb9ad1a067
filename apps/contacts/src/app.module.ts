import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@contact-sync/platform';
import { contactsEnvSchema } from './config/contacts-env.schema';
import { CONTACTS_API } from './openapi/contacts-api';
import { Person, PersonSchema } from './persons/person.schema';
import { PersonRepository } from './persons/person.repository';
import { PersonWriteService } from './persons/person-write.service';
import { OutboundPublisher } from './persons/outbound/outbound.publisher';
import { OutboundSweeper } from './persons/outbound/outbound.sweeper';
import { Organization, OrganizationSchema } from './organizations/organization.schema';
import { OrganizationRepository } from './organizations/organization.repository';
import { CustomFieldDefinition, CustomFieldDefinitionSchema } from './custom-fields/custom-field.schema';
import { CustomFieldService } from './custom-fields/custom-field.service';
import { PersonLink, PersonLinkSchema } from './links/person-link.schema';
import { LinkRepository } from './links/link.repository';
import { InboundChangeService } from './inbound/inbound-change.service';
import { ProviderChangeConsumer } from './inbound/provider-change.consumer';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';
import { Company, CompanySchema } from './directory/company.schema';
import { Role, RoleSchema } from './directory/role.schema';
import { DirectoryUser, DirectoryUserSchema } from './directory/directory-user.schema';
import { CompanyRepository } from './directory/company.repository';
import { RoleRepository } from './directory/role.repository';
import { DirectoryUserRepository } from './directory/directory-user.repository';
import { DirectoryService } from './directory/directory.service';
import { ReaderService } from './visibility/reader.service';
import { Photo, PhotoSchema } from './photos/photo.schema';
import { PhotoRepository } from './photos/photo.repository';
import { SyncConfigRecord, SyncConfigRecordSchema } from './syncs/sync-config.schema';
import { SyncConfigRepository } from './syncs/sync-config.repository';
import { SyncReconfigurationService } from './syncs/sync-reconfiguration.service';
import { SyncStatusService } from './syncs/sync-status.service';
import { SyncActivityHour, SyncActivityHourSchema, SyncActivityRun, SyncActivityRunSchema } from './activity/sync-activity.schema';
import { SyncActivityRepository } from './activity/sync-activity.repository';
import { SyncHistoryEntry, SyncHistoryEntrySchema } from './history/sync-history.schema';
import { SyncHistoryRepository } from './history/sync-history.repository';
import { TwoWayInboundService } from './two-way/two-way-inbound.service';
import { WritebackResultService } from './two-way/writeback-result.service';
import { WritebackResultConsumer } from './two-way/writeback-result.consumer';

@Module({
  imports: [
    // Ready without Kafka: the person API works without the broker: CRM changes wait in the persons' outbox (docs/operations.md).
    PlatformModule.forService({ name: 'contacts', envSchema: contactsEnvSchema, actorAuth: true, readiness: { kafka: false } }),
    MongooseModule.forFeature([
      { name: Person.name, schema: PersonSchema },
      { name: Organization.name, schema: OrganizationSchema },
      { name: CustomFieldDefinition.name, schema: CustomFieldDefinitionSchema },
      { name: PersonLink.name, schema: PersonLinkSchema },
      { name: Company.name, schema: CompanySchema },
      { name: Role.name, schema: RoleSchema },
      { name: DirectoryUser.name, schema: DirectoryUserSchema },
      { name: Photo.name, schema: PhotoSchema },
      { name: SyncConfigRecord.name, schema: SyncConfigRecordSchema },
      { name: SyncActivityHour.name, schema: SyncActivityHourSchema },
      { name: SyncActivityRun.name, schema: SyncActivityRunSchema },
      { name: SyncHistoryEntry.name, schema: SyncHistoryEntrySchema },
    ]),
  ],
  controllers: [
    ...CONTACTS_API.controllers,
    ProviderChangeConsumer,
    LifecycleConsumer,
    WritebackResultConsumer,
  ],
  providers: [
    PersonWriteService,
    OutboundPublisher,
    OutboundSweeper,
    PersonRepository,
    OrganizationRepository,
    CustomFieldService,
    LinkRepository,
    InboundChangeService,
    CompanyRepository,
    RoleRepository,
    DirectoryUserRepository,
    DirectoryService,
    ReaderService,
    PhotoRepository,
    SyncConfigRepository,
    SyncReconfigurationService,
    SyncStatusService,
    SyncActivityRepository,
    SyncHistoryRepository,
    TwoWayInboundService,
    WritebackResultService,
  ],
})
export class AppModule {}
