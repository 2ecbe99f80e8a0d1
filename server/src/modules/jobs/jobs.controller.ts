import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../../common/auth/decorators.js';
import { newestFirst } from '../../common/database/paging.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Optional } from '../../common/http/optional.js';
import { Job, type JobStatus } from '../../common/jobs/job.entity.js';
import { Clock } from '../../integrations/clock.js';

const STATUSES: JobStatus[] = ['queued', 'running', 'done', 'dead', 'cancelled'];

export class JobQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'dead' }) @Optional() @IsIn(STATUSES) status?: JobStatus;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) kind?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) cursor?: string;
}

export class JobIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

export class JobViewDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: STATUSES }) status: JobStatus;
  @ApiProperty() runAt: string;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

const view = (j: Job): JobViewDto => ({
  id: j.id,
  kind: j.kind,
  status: j.status,
  runAt: j.runAt.toISOString(),
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  lastError: j.lastError,
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

/** The job queue for admins: dead jobs with their last error, and a way to run one again. */
@ApiTags('jobs')
@Controller('admin/jobs')
@Roles('admin')
export class JobsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Jobs by status (dead by default), newest first' })
  async list(@Query() query: JobQueryDto): Promise<{ items: JobViewDto[]; nextCursor: string | null }> {
    const qb = this.dataSource
      .getRepository(Job)
      .createQueryBuilder('j')
      .where('j.status = :status', { status: query.status ?? 'dead' });
    if (query.kind) qb.andWhere('j.kind = :kind', { kind: query.kind });
    const page = await newestFirst(qb, 'j', { limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Queue a dead job again, with a fresh set of attempts' })
  async retry(@Param() params: JobIdParam): Promise<JobViewDto> {
    return this.tx.run(async (m) => {
      const moved = await m.update(Job, { id: params.id, status: 'dead' }, { status: 'queued', attempts: 0, runAt: this.clock.now(), finishedAt: null });
      if (!moved.affected) throw new DomainError('NOT_FOUND');
      return view(await m.getRepository(Job).findOneByOrFail({ id: params.id }));
    });
  }
}
