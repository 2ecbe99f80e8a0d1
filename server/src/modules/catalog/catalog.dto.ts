import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEPARTMENT_TEXTS,
  DOCTOR_TEXTS,
  DOCTOR_TITLES,
  VISIT_TYPES,
  type DepartmentRecord,
  type DepartmentText,
  type DepartmentView,
  type DoctorRecord,
  type DoctorText,
  type DoctorTitle,
  type DoctorView,
  type UpdateDepartmentTextsRequest,
  type UpdateDoctorTextsRequest,
  type VisitType,
} from '@yiban/shared';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';

export class DoctorQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) departmentId?: string;
}

export class DoctorIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class DepartmentIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class DepartmentViewDto implements DepartmentView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'CARD' }) code: string;
  @ApiProperty({ example: 'Cardiology', description: "In the reader's language (Accept-Language); see `fallback`" }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'Outpatient Building, 3rd floor, Zone A' }) location: string;
  @ApiProperty({ enum: DEPARTMENT_TEXTS, isArray: true, description: 'Texts shown in Chinese because their English is empty' })
  fallback: DepartmentText[];
}

export class VisitTypeFeeDto {
  @ApiProperty({ enum: VISIT_TYPES }) type: VisitType;
  @ApiProperty({ description: 'Integer fen', example: 5000 }) fee: number;
}

export class DoctorViewDto implements DoctorView {
  @ApiProperty() id: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ description: "In the reader's language (Accept-Language); see `fallback`" }) name: string;
  @ApiProperty({ enum: DOCTOR_TITLES }) title: DoctorTitle;
  @ApiProperty({ type: [String] }) specialties: string[];
  @ApiProperty() bio: string;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty({ type: VisitTypeFeeDto, isArray: true }) visitTypes: VisitTypeFeeDto[];
  @ApiProperty({ enum: DOCTOR_TEXTS, isArray: true, description: 'Texts shown in Chinese because their English is empty' })
  fallback: DoctorText[];
}

export class DepartmentRecordDto implements DepartmentRecord {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() description: string;
  @ApiProperty() descriptionEn: string;
  @ApiProperty() location: string;
  @ApiProperty() locationEn: string;
  @ApiProperty() active: boolean;
}

export class DoctorRecordDto implements DoctorRecord {
  @ApiProperty() id: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ enum: DOCTOR_TITLES }) title: DoctorTitle;
  @ApiProperty({ type: [String] }) specialties: string[];
  @ApiProperty({ type: [String] }) specialtiesEn: string[];
  @ApiProperty() bio: string;
  @ApiProperty() bioEn: string;
  @ApiProperty() active: boolean;
}

/** An English text: '' clears it (patients then read the Chinese, marked); anything else must have a visible character. */
const EnglishText = () => ValidateIf((_object: object, value: unknown) => value !== '');

export class UpdateDepartmentTextsDto implements UpdateDepartmentTextsRequest {
  @ApiPropertyOptional({ maxLength: 64 }) @Optional() @IsString() @Length(1, 64) @NotBlank() name?: string;
  @ApiPropertyOptional({ maxLength: 128, description: "'' when there is no English name yet" })
  @Optional()
  @EnglishText()
  @IsString()
  @Length(1, 128)
  @NotBlank()
  nameEn?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @Length(1, 2000) @NotBlank() description?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @EnglishText() @IsString() @Length(1, 2000) @NotBlank() descriptionEn?: string;
  @ApiPropertyOptional({ maxLength: 128 }) @Optional() @IsString() @Length(1, 128) @NotBlank() location?: string;
  @ApiPropertyOptional({ maxLength: 128 }) @Optional() @EnglishText() @IsString() @Length(1, 128) @NotBlank() locationEn?: string;
}

export class UpdateDoctorTextsDto implements UpdateDoctorTextsRequest {
  @ApiPropertyOptional({ maxLength: 64 }) @Optional() @IsString() @Length(1, 64) @NotBlank() name?: string;
  @ApiPropertyOptional({ maxLength: 128, description: "The name in Latin letters; '' when none yet" })
  @Optional()
  @EnglishText()
  @IsString()
  @Length(1, 128)
  @NotBlank()
  nameEn?: string;
  @ApiPropertyOptional({ enum: DOCTOR_TITLES }) @Optional() @IsIn(DOCTOR_TITLES) title?: DoctorTitle;
  @ApiPropertyOptional({ type: [String], maxItems: 8 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @NotBlank({ each: true })
  specialties?: string[];
  @ApiPropertyOptional({ type: [String], maxItems: 8, description: '[] when there is no English yet' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @NotBlank({ each: true })
  specialtiesEn?: string[];
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @Length(1, 2000) @NotBlank() bio?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @EnglishText() @IsString() @Length(1, 2000) @NotBlank() bioEn?: string;
}
