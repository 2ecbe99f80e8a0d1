import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '@yiban/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateStaffDto {
  @ApiProperty({ example: 'nurse.li' }) @IsString() @Length(3, 64) @Matches(/^[\w.@-]+$/) username: string;
  @ApiProperty({ description: 'At least 10 characters with letters and digits' }) @IsString() @Length(1, 128) password: string;
  @ApiProperty({ example: '李护士' }) @IsString() @Length(1, 64) displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(STAFF_ROLES.length) @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(26, 26) departmentId?: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) password?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) displayName?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(STAFF_ROLES.length) @IsIn(STAFF_ROLES, { each: true })
  roles?: StaffRole[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(26, 26) departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class StaffIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}
