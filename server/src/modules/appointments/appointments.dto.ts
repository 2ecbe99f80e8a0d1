import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPOINTMENT_CANCELLERS,
  APPOINTMENT_STATUSES,
  ENCOUNTER_CLASSES,
  type EncounterClass,
  type RecordVisitRequest,
  type AppointmentCancelledBy,
  PAYMENT_STATUSES,
  VISIT_KINDS,
  VISIT_TYPES,
  WAITLIST_STATUSES,
  type AppointmentStatus,
  type AppointmentView,
  type PaymentStatus,
  type PaymentSummary,
  type RequestPaymentParams,
  type VisitKind,
  type VisitType,
  type VisitView,
  type WaitlistEntryView,
  type WaitlistStatus,
} from '@yiban/shared';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';
export { IdParam } from '../../common/http/params.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreateAppointmentDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) slotId: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ description: 'The new slot: same department, same fee' }) @IsString() @Matches(ID, { message: 'must be an id' }) slotId: string;
}

export class CancelAppointmentDto {
  @ApiPropertyOptional({ maxLength: 200 }) @Optional() @IsString() @Length(1, 200) @NotBlank() reason?: string;
}

/** ICD-10: a letter, two digits (the category), and optionally a dot and up to four more (E11, E11.9, S72.001). */
export const ICD10_PATTERN = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

export class CompleteAppointmentDto {
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: 10,
    example: ['I10', 'E11.9'],
    description: 'The visit’s diagnoses as ICD-10 codes (upper case; a category or a subcategory)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(ICD10_PATTERN, { each: true, message: 'each diagnosis code must be ICD-10 (e.g. E11 or E11.9)' })
  diagnosisCodes?: string[];
}

export class CheckInDto {
  @ApiProperty({ description: 'The code from the patient’s QR (scanned or typed), or the six-digit number the patient reads aloud (today’s visits)' })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class StaffAppointmentsQuery {
  @ApiProperty({ description: 'Hospital-time date, YYYY-MM-DD' }) @IsString() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) date: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) doctorId?: string;
}

export class JoinWaitlistDto {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) doctorId: string;
  @ApiProperty({ description: 'Hospital-time date, YYYY-MM-DD' }) @IsString() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) date: string;
}

export class RequestPaymentParamsDto implements RequestPaymentParams {
  @ApiProperty() appId: string;
  @ApiProperty() timeStamp: string;
  @ApiProperty() nonceStr: string;
  @ApiProperty({ example: 'prepay_id=wx…' }) package: string;
  @ApiProperty({ enum: ['RSA'] }) signType: 'RSA';
  @ApiProperty() paySign: string;
}

export class PaymentSummaryDto implements PaymentSummary {
  @ApiProperty() outTradeNo: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: PaymentStatus;
  @ApiProperty({ description: 'Integer fen' }) amount: number;
  @ApiProperty({ description: 'Integer fen refunded' }) refunded: number;
  @ApiProperty({ description: 'Integer fen being refunded' }) refundPending: number;
  @ApiProperty({ nullable: true, type: String }) paidAt: string | null;
}

export class AppointmentViewDto implements AppointmentView {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ nullable: true, type: String }) patientName: string | null;
  @ApiProperty() slotId: string;
  @ApiProperty() doctorId: string;
  @ApiProperty() doctorName: string;
  @ApiProperty() doctorNameEn: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() departmentNameEn: string;
  @ApiProperty() location: string;
  @ApiProperty({ description: "'' when the hospital has not entered it in English" }) locationEn: string;
  @ApiProperty({ enum: VISIT_TYPES }) visitType: VisitType;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ description: 'Integer fen' }) fee: number;
  @ApiProperty({ nullable: true, type: String }) holdExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only to the patient, while confirmed or checked in' }) checkInCode: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '482913',
    description: 'Six digits read aloud at the desk (unique per hospital day); only where checkInCode is shown',
  })
  checkInNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) checkedInAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, enum: APPOINTMENT_CANCELLERS }) cancelledBy: AppointmentCancelledBy | null;
  @ApiProperty({ nullable: true, enum: VISIT_KINDS }) visitKind: VisitKind | null;
  @ApiProperty({ nullable: true, type: PaymentSummaryDto }) payment: PaymentSummaryDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Integer fen cancelling now would refund' }) refundIfCancelled: number | null;
  @ApiProperty() createdAt: string;
}

export class AppointmentWithPaymentDto {
  @ApiProperty({ type: AppointmentViewDto }) appointment: AppointmentViewDto;
  @ApiProperty({ nullable: true, type: RequestPaymentParamsDto, description: 'wx.requestPayment parameters while a fee is due' })
  payment: RequestPaymentParamsDto | null;
}

export class VisitViewDto implements VisitView {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ nullable: true, type: String }) appointmentId: string | null;
  @ApiProperty() departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() departmentNameEn: string;
  @ApiProperty({ nullable: true, type: String }) doctorId: string | null;
  @ApiProperty({ nullable: true, type: String }) doctorName: string | null;
  @ApiProperty({ nullable: true, type: String }) doctorNameEn: string | null;
  @ApiProperty() date: string;
  @ApiProperty({ enum: VISIT_KINDS }) kind: VisitKind;
  @ApiProperty({ enum: ENCOUNTER_CLASSES }) encounterClass: EncounterClass;
  @ApiProperty() amountSpent: number;
}

export class RecordVisitDto implements RecordVisitRequest {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) patientId: string;
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) doctorId?: string;
  @ApiProperty({ example: '2026-12-01', description: 'Hospital-time date (the discharge date for an inpatient stay); not in the future' })
  @IsString()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  date: string;
  @ApiProperty({ enum: ENCOUNTER_CLASSES, description: 'outpatient: a clinic visit; inpatient: a stay that ended on `date` (a discharge)' })
  @IsIn(ENCOUNTER_CLASSES)
  encounterClass: EncounterClass;
  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 10, example: ['K35.8'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(ICD10_PATTERN, { each: true, message: 'each diagnosis code must be ICD-10 (e.g. E11 or E11.9)' })
  diagnosisCodes?: string[];
  @ApiPropertyOptional({ maxLength: 64, description: 'The hospital’s encounter number: recording it again answers the visit already recorded' })
  @Optional()
  @IsString()
  @Length(1, 64)
  @NotBlank()
  externalRef?: string;
}

export class WaitlistOfferDto {
  @ApiProperty() slotId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() fee: number;
  @ApiProperty() expiresAt: string;
}

export class WaitlistEntryViewDto implements WaitlistEntryView {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() doctorId: string;
  @ApiProperty() doctorName: string;
  @ApiProperty() departmentName: string;
  @ApiProperty() date: string;
  @ApiProperty({ enum: WAITLIST_STATUSES }) status: WaitlistStatus;
  @ApiProperty({ nullable: true, type: WaitlistOfferDto }) offer: WaitlistOfferDto | null;
  @ApiProperty({ nullable: true, type: Number }) position: number | null;
  @ApiProperty() createdAt: string;
}
