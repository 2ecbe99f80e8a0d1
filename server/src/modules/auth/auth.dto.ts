import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { PatientViewDto } from '../patients/index.js';
import { StaffViewDto } from '../staff/index.js';

export class WechatLoginDto {
  @ApiProperty({ description: 'The code from wx.login (valid once, for 5 minutes)' })
  @IsString()
  @Length(1, 128)
  code: string;
}

export class StaffLoginDto {
  @ApiProperty({ example: 'doctor.zhang' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\w.@-]+$/)
  username: string;

  @ApiProperty({ example: 'Yiban-demo-2026' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(16, 128)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Bearer token for Authorization' }) token: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'One-use; exchange at POST /api/v1/auth/refresh' }) refreshToken: string;
  @ApiProperty() refreshExpiresAt: string;
}

export class WechatLoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: PatientViewDto }) patient: PatientViewDto;
  @ApiProperty({ type: PatientViewDto, isArray: true }) profiles: PatientViewDto[];
  @ApiProperty() isNewAccount: boolean;
}

export class StaffLoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: StaffViewDto }) staff: StaffViewDto;
}
