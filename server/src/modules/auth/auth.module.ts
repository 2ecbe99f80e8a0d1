import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { PatientsModule } from '../patients/index.js';
import { StaffModule } from '../staff/index.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [PatientsModule, StaffModule], controllers: [AuthController], providers: [AuthService, SessionsService] })
export class AuthModule implements OnModuleInit {
  constructor(
    @Inject(JobRegistry) private readonly jobs: JobRegistry,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
  ) {}

  onModuleInit(): void {
    this.access.provideSessions(
      (sessionId) => this.sessions.isActive(sessionId),
      (subject) => this.sessions.revokeAll(subject),
    );
    this.jobs.register('auth.purge-sessions', async () => {
      await this.sessions.purgeStale();
    });
  }
}
