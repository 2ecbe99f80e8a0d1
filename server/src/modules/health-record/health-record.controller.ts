import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthEntryView, HealthRecordView, MeasurementSeries, MeasurementView } from '@yiban/shared';
import { ActingPatient, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { HealthEntryDto, HealthIdParam, MeasurementDto, MeasurementSeriesQueryDto } from './health-record.dto.js';
import { HealthRecordService } from './health-record.service.js';

const CLINICAL = ['doctor', 'nurse', 'case_manager', 'admin'] as const;

/**
 * The acting profile's own health record: always readable; writing processes health data, so it needs the consents
 * (CONSENT_REQUIRED). Staff read and add to a patient's record through the access policy (audited); a withdrawn
 * health-data consent hides it from them.
 */
@ApiTags('health-record')
@Controller()
export class HealthRecordController {
  constructor(@Inject(HealthRecordService) private readonly records: HealthRecordService) {}

  @Get('me/health-record')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s record: allergies, conditions, medications, the latest reading of each kind, the last 90 days' })
  mine(@ActingPatient() patient: ActingProfile): Promise<HealthRecordView> {
    return this.records.record(patient.id);
  }

  @Get('me/health-record/measurements')
  @PatientRoute()
  @ApiOperation({ summary: 'Readings of one kind between hospital-time dates (default the last 90 days, at most 366), oldest first: the trend' })
  series(@ActingPatient() patient: ActingProfile, @Query() query: MeasurementSeriesQueryDto): Promise<MeasurementSeries> {
    return this.records.series(patient.id, query);
  }

  @Post('me/health-record/entries')
  @PatientRoute({ consent: true })
  @ApiOperation({ summary: 'Add an allergy, a condition or a medication (a field of another kind: VALIDATION_FAILED notForKind)' })
  addEntry(@ActingPatient() patient: ActingProfile, @Body() body: HealthEntryDto): Promise<HealthEntryView> {
    return this.records.addEntry(patient.id, body);
  }

  @Put('me/health-record/entries/:id')
  @PatientRoute({ consent: true })
  @ApiOperation({ summary: 'Replace an entry with what the form now says' })
  replaceEntry(@ActingPatient() patient: ActingProfile, @Param() params: HealthIdParam, @Body() body: HealthEntryDto): Promise<HealthEntryView> {
    return this.records.replaceEntry(patient.id, params.id, body);
  }

  @Delete('me/health-record/entries/:id')
  @HttpCode(204)
  @PatientRoute({ consent: true })
  @ApiNoContentResponse()
  removeEntry(@ActingPatient() patient: ActingProfile, @Param() params: HealthIdParam): Promise<void> {
    return this.records.removeEntry(patient.id, params.id);
  }

  @Post('me/health-record/measurements')
  @PatientRoute({ consent: true })
  @ApiOperation({
    summary: 'Add a reading: blood pressure, glucose (with fasting/after_meal/random) or weight (HEALTH_MEASUREMENT_OUT_OF_RANGE for nonsense values)',
  })
  addMeasurement(@ActingPatient() patient: ActingProfile, @Body() body: MeasurementDto): Promise<MeasurementView> {
    return this.records.addMeasurement(patient.id, body);
  }

  @Delete('me/health-record/measurements/:id')
  @HttpCode(204)
  @PatientRoute({ consent: true })
  @ApiNoContentResponse()
  removeMeasurement(@ActingPatient() patient: ActingProfile, @Param() params: HealthIdParam): Promise<void> {
    return this.records.removeMeasurement(patient.id, params.id);
  }

  @Get('patients/:id/health-record')
  @Roles(...CLINICAL)
  @ApiOperation({
    summary:
      'A patient’s record for clinical staff who care for them (CARE_RELATIONSHIP_REQUIRED otherwise: break the glass); every read is audited; HEALTH_RECORD_CONSENT_WITHDRAWN without the health-data consent',
  })
  forStaff(@CurrentStaff() actor: StaffPrincipal, @Param() params: HealthIdParam): Promise<HealthRecordView> {
    return this.records.recordForStaff(actor, params.id);
  }

  @Post('patients/:id/health-record/entries')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Add an entry to a patient’s record (clinical staff who care for them; audited)' })
  staffAddEntry(@CurrentStaff() actor: StaffPrincipal, @Param() params: HealthIdParam, @Body() body: HealthEntryDto): Promise<HealthEntryView> {
    return this.records.staffAddEntry(actor, params.id, body);
  }

  @Post('patients/:id/health-record/measurements')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Add a reading to a patient’s record (clinical staff who care for them; audited)' })
  staffAddMeasurement(@CurrentStaff() actor: StaffPrincipal, @Param() params: HealthIdParam, @Body() body: MeasurementDto): Promise<MeasurementView> {
    return this.records.staffAddMeasurement(actor, params.id, body);
  }
}
