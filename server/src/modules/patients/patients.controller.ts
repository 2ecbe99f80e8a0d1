import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PatientView } from '@yiban/shared';
import { CurrentAccount, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal } from '../../common/auth/principal.js';
import { BindPhoneDto, CreatePatientDto, PatientIdParam, PatientViewDto, UpdatePatientDto } from './patients.dto.js';
import { PatientsService } from './patients.service.js';

@ApiTags('patients')
@Controller('me')
@Roles('patient')
export class PatientsController {
  constructor(@Inject(PatientsService) private readonly patients: PatientsService) {}

  @Get('patients')
  @ApiOperation({ summary: 'The profiles this WeChat account manages (self first, then family)' })
  @ApiOkResponse({ type: PatientViewDto, isArray: true })
  async list(@CurrentAccount() account: AccountPrincipal): Promise<PatientView[]> {
    return this.patients.views(await this.patients.listForAccount(account.accountId));
  }

  @Post('patients')
  @ApiOperation({ summary: 'Add a family member’s profile' })
  @ApiOkResponse({ type: PatientViewDto })
  async create(@CurrentAccount() account: AccountPrincipal, @Body() body: CreatePatientDto): Promise<PatientView> {
    return this.patients.view(await this.patients.create(account, body));
  }

  @Get('patients/:id')
  @ApiOkResponse({ type: PatientViewDto })
  async get(@CurrentAccount() account: AccountPrincipal, @Param() params: PatientIdParam): Promise<PatientView> {
    return this.patients.view(await this.patients.ownedBy(account, params.id));
  }

  @Patch('patients/:id')
  @ApiOkResponse({ type: PatientViewDto })
  async update(@CurrentAccount() account: AccountPrincipal, @Param() params: PatientIdParam, @Body() body: UpdatePatientDto): Promise<PatientView> {
    return this.patients.view(await this.patients.update(account, params.id, body));
  }

  @Delete('patients/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a family member’s profile from the account (the record is kept)' })
  @ApiNoContentResponse()
  async remove(@CurrentAccount() account: AccountPrincipal, @Param() params: PatientIdParam): Promise<void> {
    await this.patients.remove(account, params.id);
  }

  @Post('phone')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind the phone number from the WeChat phone-number button to the account holder’s profile' })
  @ApiOkResponse({ type: PatientViewDto })
  async bindPhone(@CurrentAccount() account: AccountPrincipal, @Body() body: BindPhoneDto): Promise<PatientView> {
    return this.patients.view(await this.patients.bindPhone(account, body.code));
  }
}
