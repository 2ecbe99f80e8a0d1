import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@yiban/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { VERSION } from '../../version.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness only: answers without touching the database (load balancers, and the benchmarks' baseline). */
  @Get('live')
  @Public()
  @ApiOkResponse({ description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Up, and the database answers' })
  @ApiServiceUnavailableResponse({ description: 'Up, but the database does not answer' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const started = performance.now();
    let ready: boolean;
    try {
      await this.dataSource.query('SELECT 1');
      ready = true;
    } catch {
      ready = false;
    }
    const latencyMs = ready ? Math.round((performance.now() - started) * 10) / 10 : null;
    if (!ready) res.status(503);
    return {
      status: ready ? 'ok' : 'degraded',
      version: VERSION,
      database: { type: this.config.database.type, ready, latencyMs },
      time: new Date().toISOString(),
    };
  }
}
