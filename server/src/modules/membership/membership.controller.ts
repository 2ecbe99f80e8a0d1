import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MemberDetailView, MembershipPolicyView, MembershipView, PointsEntryView, RecomputeView, ReferralView } from '@yiban/shared';
import { ActingPatient, CurrentAccount, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal, ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { MemberCare } from './member-care.service.js';
import { IdParam, LedgerQueryDto, OverrideDto, PolicyDto, ReferralCodeDto } from './membership.dto.js';
import { RecomputeProgress } from './membership-recompute-progress.js';
import { MembershipService } from './membership.service.js';

/** Member tiers and points: the patient's card and ledger; the policy, recompute and overrides for admins. */
@ApiTags('membership')
@Controller()
export class MembershipController {
  constructor(
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(RecomputeProgress) private readonly progress: RecomputeProgress,
    @Inject(MemberCare) private readonly care: MemberCare,
  ) {}

  @Get('me/membership')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s tier, points, the next tier and how far, and what the tier brings' })
  async mine(@ActingPatient() patient: ActingProfile): Promise<MembershipView> {
    const [card, butler] = await Promise.all([this.membership.mine(patient), this.care.butlerOf(patient.id)]);
    // The butler is a benefit once one is assigned (never promised before).
    return { ...card, butler, benefits: butler ? [...card.benefits, { code: 'health_butler' }] : card.benefits };
  }

  @Get('me/referral')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s invitation code, how many it brought, and whether they may still enter someone’s' })
  referral(@ActingPatient() patient: ActingProfile): Promise<ReferralView> {
    return this.care.referral(patient);
  }

  @Post('me/referral')
  @PatientRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Enter who invited this profile (before the first visit; not one’s own family; once): they earn points at the first visit' })
  useReferral(@CurrentAccount() account: AccountPrincipal, @ActingPatient() patient: ActingProfile, @Body() body: ReferralCodeDto): Promise<ReferralView> {
    return this.care.useCode(account, patient, body.code);
  }

  @Get('me/points')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s points ledger, newest first (every change with its reason)' })
  points(@ActingPatient() patient: ActingProfile, @Query() query: LedgerQueryDto): Promise<PointsEntryView[]> {
    return this.membership.ledger(patient, query.limit ?? 50);
  }

  @Get('membership/policy')
  @Roles('admin')
  @ApiOperation({ summary: 'The tier policy, with the lifetime-value formula’s factor for the current settings' })
  policy(): Promise<MembershipPolicyView> {
    return this.membership.policyView();
  }

  @Put('membership/policy')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the tier policy (checked); tiers follow at the next recompute or the patient’s next visit or payment' })
  updatePolicy(@CurrentStaff() staff: StaffPrincipal, @Body() body: PolicyDto): Promise<MembershipPolicyView> {
    return this.membership.updatePolicy(staff, body.policy);
  }

  @Post('membership/recompute')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Recompute every patient’s value and tier (a job, resumable; one at a time)' })
  recompute(@CurrentStaff() staff: StaffPrincipal): Promise<RecomputeView> {
    return this.progress.start(staff);
  }

  @Get('membership/recompute/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'A recompute’s progress: phase, patients processed of the total, tiers changed, when it finished' })
  recomputeRun(@Param() params: IdParam): Promise<RecomputeView> {
    return this.progress.view(params.id);
  }

  @Get('membership/patients/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'One patient’s value (inputs and formula), tier, override, downgrade and history (audited)' })
  detail(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam): Promise<MemberDetailView> {
    return this.membership.detail(staff, params.id);
  }

  @Post('membership/patients/:id/override')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Set a tier until a date with a reason (shown as an override; never a floor once it ends)' })
  override(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: OverrideDto): Promise<MemberDetailView> {
    return this.membership.override(staff, params.id, body);
  }
}
