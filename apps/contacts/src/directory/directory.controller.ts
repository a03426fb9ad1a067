import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { InternalApi } from '@contact-sync/platform';
import { CompanyDto, RoleDto, UserDto } from './directory.dto';
import { DirectoryIdPipe } from './directory-id.pipe';
import { DirectoryService } from './directory.service';
import { toCompanyView, toRoleView, toUserAccessView } from './directory.view';

/**
 * The CRM core keeps the directory in step through this API (service to service: the internal
 * bearer token, no acting user). PUT creates or replaces; DELETE is idempotent.
 */
@InternalApi('contacts.directory')
@Controller('internal/directory/companies/:companyId')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Put()
  async putCompany(@Param('companyId', DirectoryIdPipe) companyId: string, @Body() dto: CompanyDto) {
    return toCompanyView(await this.directory.putCompany(companyId, dto));
  }

  @Delete()
  @HttpCode(204)
  deleteCompany(@Param('companyId', DirectoryIdPipe) companyId: string) {
    return this.directory.deleteCompany(companyId);
  }

  @Put('roles/:roleId')
  async putRole(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('roleId', DirectoryIdPipe) roleId: string, @Body() dto: RoleDto) {
    return toRoleView(await this.directory.putRole(companyId, roleId, dto));
  }

  @Delete('roles/:roleId')
  @HttpCode(204)
  deleteRole(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('roleId', DirectoryIdPipe) roleId: string) {
    return this.directory.deleteRole(companyId, roleId);
  }

  @Put('users/:userId')
  async putUser(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string, @Body() dto: UserDto) {
    const [company, user] = [await this.directory.company(companyId), await this.directory.putUser(companyId, userId, dto)];
    return toUserAccessView(company, user);
  }

  @Delete('users/:userId')
  @HttpCode(204)
  deleteUser(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.deleteUser(companyId, userId);
  }

  /** What accounts needs for its permission gate and plan rule. */
  @Get('users/:userId/access')
  // Read-only: accounts, deciding what a user may configure, never administers the directory.
  @InternalApi('contacts.directory', 'contacts.directory.read')
  async access(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    const company = await this.directory.company(companyId);
    return toUserAccessView(company, await this.directory.user(companyId, userId));
  }

  @Put('persons/:personId/followers/:userId')
  @HttpCode(204)
  follow(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('personId') personId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.follow(companyId, personId, userId);
  }

  @Delete('persons/:personId/followers/:userId')
  @HttpCode(204)
  unfollow(@Param('companyId', DirectoryIdPipe) companyId: string, @Param('personId') personId: string, @Param('userId', DirectoryIdPipe) userId: string) {
    return this.directory.unfollow(companyId, personId, userId);
  }
}
