import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffAccountView, type StaffRole, type StaffView } from '@yiban/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';

export class CreateStaffDto {
  @ApiProperty({ example: 'nurse.li' }) @IsString() @Length(3, 64) @Matches(/^[\w.@-]+$/) username: string;
  @ApiProperty({ description: 'At least 10 characters with letters and digits' }) @IsString() @Length(1, 128) password: string;
  @ApiProperty({ example: '李护士' }) @IsString() @Length(1, 64) @NotBlank() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STAFF_ROLES.length)
  @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) departmentId?: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 128) password?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) @NotBlank() displayName?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STAFF_ROLES.length)
  @IsIn(STAFF_ROLES, { each: true })
  roles?: StaffRole[];
  /** null takes the department away (only for roles that need none). */
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @Length(26, 26)
  departmentId?: string | null;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
}

export class ResetStaffPasswordDto {
  @ApiProperty({ description: 'At least 10 characters with letters and digits' }) @IsString() @Length(1, 128) password: string;
}

export class StaffListQuery {
  @ApiPropertyOptional({ description: 'Words in the username or display name' }) @Optional() @IsString() @Length(1, 64) @NotBlank() q?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @Optional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @Optional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

export class StaffIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class StaffViewDto implements StaffView {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) doctorId: string | null;
}

export class StaffAccountViewDto extends StaffViewDto implements StaffAccountView {
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty() createdAt: string;
}
