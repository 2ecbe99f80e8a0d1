import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GENDERS,
  ID_DOCUMENT_TYPES,
  REAL_NAME_PARTS,
  type IdDocumentType,
  type RealNamePart,
  LOCALES,
  PAYMENT_PREFERENCES,
  RELATIONSHIPS,
  type CreatePatientRequest,
  type Gender,
  type Locale,
  type PatientView,
  type PaymentPreference,
  type Relationship,
  type UpdatePatientRequest,
} from '@yiban/shared';
import { IsIn, IsISO8601, IsString, Length, Matches, MaxLength, registerDecorator } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';

const FAMILY_RELATIONSHIPS = RELATIONSHIPS.filter((r) => r !== 'self');

/** A birth date that has happened, at most 130 years ago (a typo of 2999 or 1800 is refused). */
function IsLivingBirthDate() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isLivingBirthDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date in the past, at most 130 years ago` },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const today = new Date().toISOString().slice(0, 10);
          const earliest = `${Number(today.slice(0, 4)) - 130}${today.slice(4)}`;
          return value <= today && value >= earliest;
        },
      },
    });
}

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty({ example: '王秀英', maxLength: 32, description: 'The real name as on the identity document' })
  @IsString()
  @Length(1, 32)
  @NotBlank()
  name: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender: Gender;

  @ApiProperty({ example: '1952-03-14', description: 'YYYY-MM-DD, in the past and at most 130 years ago' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsLivingBirthDate()
  birthDate: string;

  @ApiProperty({ enum: FAMILY_RELATIONSHIPS })
  @IsIn(FAMILY_RELATIONSHIPS)
  relationship: Exclude<Relationship, 'self'>;

  @ApiPropertyOptional({ example: '13800138000', description: 'Mainland mobile or E.164; stored encrypted, shown masked' })
  @Optional()
  @IsString()
  @MaxLength(16)
  phone?: string;

  @ApiPropertyOptional({ enum: ID_DOCUMENT_TYPES, default: 'resident_id' })
  @Optional()
  @IsIn(ID_DOCUMENT_TYPES)
  idType?: IdDocumentType;

  @ApiPropertyOptional({ example: '110101195203141234', description: 'The identity document’s number; stored encrypted, shown masked' })
  @Optional()
  @IsString()
  @MaxLength(24)
  idNumber?: string;

  @ApiPropertyOptional({ example: 'USA', description: 'ISO 3166-1 alpha-3; required with a passport' })
  @Optional()
  @Matches(/^[A-Z]{3}$/)
  nationality?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @Optional()
  @IsIn(LOCALES)
  language?: Locale;

  @ApiPropertyOptional({ enum: PAYMENT_PREFERENCES })
  @Optional()
  @IsIn(PAYMENT_PREFERENCES)
  paymentPreference?: PaymentPreference;
}

/** An IANA time zone name the runtime knows (Asia/Shanghai, Europe/London, …). */
function IsTimeZone() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Asia/Shanghai` },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || value.length > 64) return false;
          try {
            new Intl.DateTimeFormat('en', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

export class UpdatePatientDto implements UpdatePatientRequest {
  @ApiPropertyOptional({ example: 'Europe/London', description: 'For international patients: quiet hours follow it' })
  @Optional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ maxLength: 32 }) @Optional() @IsString() @Length(1, 32) @NotBlank() name?: string;
  @ApiPropertyOptional({ enum: GENDERS }) @Optional() @IsIn(GENDERS) gender?: Gender;
  @ApiPropertyOptional({ example: '1952-03-14' })
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsLivingBirthDate()
  birthDate?: string;
  @ApiPropertyOptional({ enum: FAMILY_RELATIONSHIPS, description: 'Cannot change the account holder’s own profile' })
  @Optional()
  @IsIn(FAMILY_RELATIONSHIPS)
  relationship?: Relationship;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(16) phone?: string;
  @ApiPropertyOptional({ enum: ID_DOCUMENT_TYPES }) @Optional() @IsIn(ID_DOCUMENT_TYPES) idType?: IdDocumentType;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(24) idNumber?: string;
  @ApiPropertyOptional({ example: 'USA' }) @Optional() @Matches(/^[A-Z]{3}$/) nationality?: string;
  @ApiPropertyOptional({ enum: LOCALES }) @Optional() @IsIn(LOCALES) language?: Locale;
  @ApiPropertyOptional({ enum: PAYMENT_PREFERENCES }) @Optional() @IsIn(PAYMENT_PREFERENCES) paymentPreference?: PaymentPreference;
}

export class PatientIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class BindPhoneDto {
  @ApiProperty({ description: 'The one-use code from the phone-number button' })
  @IsString()
  @Length(1, 128)
  code: string;
}

export class PatientViewDto implements PatientView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: GENDERS }) gender: Gender;
  @ApiProperty({ nullable: true, type: String, example: '1985-06-01' }) birthDate: string | null;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship: Relationship;
  @ApiProperty() isSelf: boolean;
  @ApiProperty({ nullable: true, type: String, example: '138****8000' }) phoneMasked: string | null;
  @ApiProperty({ nullable: true, enum: ID_DOCUMENT_TYPES }) idType: IdDocumentType | null;
  @ApiProperty({ nullable: true, type: String, example: '1101**********1234' }) idNumberMasked: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'USA' }) nationality: string | null;
  @ApiProperty({ enum: REAL_NAME_PARTS, isArray: true, description: 'What is missing before booking or consulting (实名)' }) realNameMissing: RealNamePart[];
  @ApiProperty({ enum: LOCALES }) language: Locale;
  @ApiProperty({ enum: PAYMENT_PREFERENCES }) paymentPreference: PaymentPreference;
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty() createdAt: string;
}
