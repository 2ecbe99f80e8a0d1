import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ROLES, type MeResponse, type StaffLoginResponse, type TokenPair, type WechatLoginResponse } from '@yiban/shared';
import { CurrentPrincipal, Public, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { RefreshDto, StaffLoginDto, StaffLoginResponseDto, TokenPairDto, WechatLoginDto, WechatLoginResponseDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('auth/wechat/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange a wx.login code for a session (creates the account and its own profile on first login)' })
  @ApiOkResponse({ type: WechatLoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per-IP budget on sign-in endpoints)' })
  wechatLogin(@Body() body: WechatLoginDto, @Headers('accept-language') acceptLanguage?: string): Promise<WechatLoginResponse> {
    return this.auth.wechatLogin(body.code, acceptLanguage);
  }

  @Post('auth/staff/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Staff sign-in with username and password' })
  @ApiOkResponse({ type: StaffLoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per-IP budget on sign-in endpoints)' })
  staffLogin(@Body() body: StaffLoginDto): Promise<StaffLoginResponse> {
    return this.auth.staffLogin(body.username, body.password);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Trade a refresh token for a new token pair (the old refresh token stops working)' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiNoContentResponse()
  logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The signed-in patient account (with its profiles) or staff member' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
