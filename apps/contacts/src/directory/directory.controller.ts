import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, ApiInternal, InternalApi } from '@contact-sync/platform';
import { CompanyDto, RoleDto, UserDto } from './directory.dto';
import { CompanyResponse, RoleResponse, UserAccessResponse } from './directory.response';
import { DirectoryIdPipe } from './directory-id.pipe';
import { DirectoryService } from './directory.service';
import { toCompanyView, toRoleView, toUserAccessView } from './directory.view';

/**
 * The CRM core keeps the directory in step through this API (service to service: the internal
 * bearer token, no acting user). PUT creates or replaces; DELETE is idempotent.
 */
@InternalApi('contacts.directory')
@Controller('internal/directory/companies/:companyId')
@ApiErrors([400, 'Invalid body, or an id that is not 1-128 letters, digits and _.:-'])
@ApiInternal()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Put()
  @ApiOperation({ summary: 'Create or replace a company (its plan)' })
  @ApiOkResponse({ type: CompanyResponse })
  async putCompany(@Param('companyId', DirectoryIdPipe) companyId: string, @Body() dto: CompanyDto): Promise<CompanyResponse> {
    return toCompanyView(await this.directory.putCompany(companyId, dto));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a company from the directory (idempotent)' })
  @ApiNoContentResponse({ description: 'Gone' })
  deleteCompany(@Param('companyId', DirectoryIdPipe) companyId: string) {
    return this.directory.deleteCompany(companyId);
  }

  @Put('roles/:roleId')
  @ApiOperation({ summary: 'Create or replace a role and its place in the role tree' })
  @ApiOkResponse({ type: RoleResponse })
  @ApiErrors([404, 'The company is not in the directory'])
  async putRole(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('roleId', DirectoryIdPipe) roleId: string, @Body() dto: RoleDto): Promise<RoleResponse> {
    return toRoleView(await this.directory.putRole(companyId, roleId, dto));
  }

  @Delete('roles/:roleId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a role (idempotent)' })
  @ApiNoContentResponse({ description: 'Gone' })
  @ApiErrors([409, 'Users or child roles still use the role'])
  deleteRole(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('roleId', DirectoryIdPipe) roleId: string) {
    return this.directory.deleteRole(companyId, roleId);
  }

  @Put('users/:userId')
  @ApiOperation({ summary: "Create or replace a user: role, global admin, permissions" })
  @ApiOkResponse({ type: UserAccessResponse })
  @ApiErrors([404, 'The company is not in the directory'])
  async putUser(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string, @Body() dto: UserDto): Promise<UserAccessResponse> {
    const [company, user] = [await this.directory.company(companyId), await this.directory.putUser(companyId, userId, dto)];
    return toUserAccessView(company, user);
  }

  @Delete('users/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user (idempotent)' })
  @ApiNoContentResponse({ description: 'Gone' })
  deleteUser(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.deleteUser(companyId, userId);
  }

  /** What accounts needs for its permission gate and plan rule. */
  @Get('users/:userId/access')
  // Read-only: accounts, deciding what a user may configure, never administers the directory.
  @InternalApi('contacts.directory', 'contacts.directory.read')
  @ApiOperation({ summary: "A user's permissions, role and company plan (accounts' sync permission gate)" })
  @ApiOkResponse({ type: UserAccessResponse })
  @ApiErrors([404, 'The company or the user is not in the directory'])
  async access(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string): Promise<UserAccessResponse> {
    const company = await this.directory.company(companyId);
    return toUserAccessView(company, await this.directory.user(companyId, userId));
  }

  @Put('persons/:personId/followers/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Make the user a follower of the person (idempotent)' })
  @ApiNoContentResponse({ description: 'Following' })
  @ApiErrors([400, 'An id is not 1-128 letters, digits and _.:-, or the user is not in the directory'], [404, 'No such person in the company'])
  follow(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('personId') personId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.follow(companyId, personId, userId);
  }

  @Delete('persons/:personId/followers/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'The user stops following the person (idempotent)' })
  @ApiNoContentResponse({ description: 'Not following' })
  @ApiErrors([404, 'No such person in the company'])
  unfollow(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('personId') personId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.unfollow(companyId, personId, userId);
  }
}
