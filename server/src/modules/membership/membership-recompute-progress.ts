import { Inject, Injectable } from '@nestjs/common';
import type { RecomputeView } from '@yiban/shared';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { PatientsReader } from '../patients/index.js';
import { MembershipService } from './membership.service.js';

/**
 * A full recompute as the console shows it: the run (phase, processed, changed, when done) with the number of
 * profiles it walks, so the page can say "1,200 / 5,000". The total is counted when asked (it grows while patients
 * register; the run walks whoever exists when it reaches them).
 */
@Injectable()
export class RecomputeProgress {
  constructor(
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
  ) {}

  async start(actor: StaffPrincipal): Promise<RecomputeView> {
    return this.withTotal(await this.membership.startRecompute(actor));
  }

  async view(id: string): Promise<RecomputeView> {
    return this.withTotal(await this.membership.recomputeView(id));
  }

  private async withTotal(run: RecomputeView): Promise<RecomputeView> {
    return { ...run, total: await this.patients.countAll() };
  }
}
