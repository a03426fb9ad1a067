import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorAuth, CurrentActor, type Actor } from '@contact-sync/platform';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { OrganizationRepository } from './organization.repository';
import { CustomFieldResponse, OrganizationResponse } from './reference-data.response';

/** Company-wide reference data: organizations and custom field definitions. */
@ApiTags('reference data')
@ApiActorAuth()
@Controller()
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly customFields: CustomFieldService,
  ) {}

  @Get('organizations')
  @ApiOperation({ summary: "The company's organizations" })
  @ApiOkResponse({ type: [OrganizationResponse] })
  async organizationsOf(@CurrentActor() actor: Actor): Promise<OrganizationResponse[]> {
    const orgs = await this.organizations.list(actor.companyId);
    return orgs.map((o) => ({ id: o.id as string, name: o.name }));
  }

  @Get('custom-fields')
  @ApiOperation({ summary: "The company's custom field definitions" })
  @ApiOkResponse({ type: [CustomFieldResponse] })
  async customFieldsOf(@CurrentActor() actor: Actor): Promise<CustomFieldResponse[]> {
    const defs = await this.customFields.list(actor.companyId);
    return defs.map((d) => ({ key: d.key, name: d.name, fieldType: d.fieldType }));
  }
}
