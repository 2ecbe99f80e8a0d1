import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCTOR_TITLES, VISIT_TYPES, type DepartmentView, type DoctorTitle, type DoctorView, type VisitType } from '@yiban/shared';
import { IsString, Length } from 'class-validator';
import { Optional } from '../../common/http/optional.js';

export class DoctorQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) departmentId?: string;
}

export class DoctorIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class DepartmentViewDto implements DepartmentView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'CARD' }) code: string;
  @ApiProperty({ example: '心血管内科' }) name: string;
  @ApiProperty({ example: 'Cardiology' }) nameEn: string;
  @ApiProperty() description: string;
  @ApiProperty() descriptionEn: string;
  @ApiProperty({ example: '门诊楼 3 层 A 区' }) location: string;
}

export class VisitTypeFeeDto {
  @ApiProperty({ enum: VISIT_TYPES }) type: VisitType;
  @ApiProperty({ description: 'Integer fen', example: 5000 }) fee: number;
}

export class DoctorViewDto implements DoctorView {
  @ApiProperty() id: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ enum: DOCTOR_TITLES }) title: DoctorTitle;
  @ApiProperty({ type: [String] }) specialties: string[];
  @ApiProperty({ type: [String] }) specialtiesEn: string[];
  @ApiProperty() bio: string;
  @ApiProperty() bioEn: string;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty({ type: VisitTypeFeeDto, isArray: true }) visitTypes: VisitTypeFeeDto[];
}
