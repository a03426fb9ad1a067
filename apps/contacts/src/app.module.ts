import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@contact-sync/platform';
import { contactsEnvSchema } from './config/contacts-env.schema';
import { Person, PersonSchema } from './persons/person.schema';
import { PersonRepository } from './persons/person.repository';
import { PersonsController } from './persons/persons.controller';
import { Organization, OrganizationSchema } from './organizations/organization.schema';
import { OrganizationRepository } from './organizations/organization.repository';
import { OrganizationsController } from './organizations/organizations.controller';
import { CustomFieldDefinition, CustomFieldDefinitionSchema } from './custom-fields/custom-field.schema';
import { CustomFieldService } from './custom-fields/custom-field.service';
import { PersonLink, PersonLinkSchema } from './links/person-link.schema';
import { LinkRepository } from './links/link.repository';
import { InboundChangeService } from './inbound/inbound-change.service';
import { ProviderChangeConsumer } from './inbound/provider-change.consumer';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';

@Module({
  imports: [
    PlatformModule.forService({ name: 'contacts', envSchema: contactsEnvSchema }),
    MongooseModule.forFeature([
      { name: Person.name, schema: PersonSchema },
      { name: Organization.name, schema: OrganizationSchema },
      { name: CustomFieldDefinition.name, schema: CustomFieldDefinitionSchema },
      { name: PersonLink.name, schema: PersonLinkSchema },
    ]),
  ],
  controllers: [PersonsController, OrganizationsController, ProviderChangeConsumer, LifecycleConsumer],
  providers: [PersonRepository, OrganizationRepository, CustomFieldService, LinkRepository, InboundChangeService],
})
export class AppModule {}
