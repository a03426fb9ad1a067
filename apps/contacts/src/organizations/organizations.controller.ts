import { Controller, Get } from '@nestjs/common';
import { CurrentActor, type Actor } from '@contact-sync/platform';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { OrganizationRepository } from './organization.repository';

/** Company-wide reference data: organizations and custom field definitions. */
@Controller()
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly customFields: CustomFieldService,
  ) {}

  @Get('organizations')
  async organizationsOf(@CurrentActor() actor: Actor) {
    const orgs = await this.organizations.list(actor.companyId);
    return orgs.map((o) => ({ id: o.id as string, name: o.name }));
  }

  @Get('custom-fields')
  async customFieldsOf(@CurrentActor() actor: Actor) {
    const defs = await this.customFields.list(actor.companyId);
    return defs.map((d) => ({ key: d.key, name: d.name, fieldType: d.fieldType }));
  }
}
