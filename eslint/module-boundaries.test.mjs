// The architecture rules, tried on small sources placed where the rule looks (server/src/…).
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './module-boundaries.mjs';

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const at = (file) => `/repo/server/src/${file}`;
const { rules } = moduleBoundaries;

tester.run('import-boundary', rules['import-boundary'], {
  valid: [
    { code: "import { CatalogReader } from '../catalog/index.js';", filename: at('modules/appointments/appointments.service.ts') },
    { code: "import { Appointment } from './appointment.entity.js';", filename: at('modules/appointments/appointments.service.ts') },
    { code: "import { lockRow } from '../../common/database/locks.js';", filename: at('modules/appointments/appointments.service.ts') },
    { code: "import { Slot } from '../modules/scheduling/slot.entity.js';", filename: at('database/entities.ts') },
    { code: "import { Slot } from '../modules/scheduling/slot.entity.js';", filename: at('testing/scheduling.ts') },
  ],
  invalid: [
    {
      code: "import { Doctor } from '../catalog/doctor.entity.js';",
      filename: at('modules/appointments/appointments.service.ts'),
      errors: [{ messageId: 'deep' }],
    },
    { code: "import type { Doctor } from '../catalog/doctor.entity.js';", filename: at('modules/appointments/x.ts'), errors: [{ messageId: 'deep' }] },
    { code: "export { Slot } from '../scheduling/slot.entity.js';", filename: at('modules/appointments/x.ts'), errors: [{ messageId: 'deep' }] },
    { code: "const m = await import('../payments/payments.service.js');", filename: at('modules/appointments/x.ts'), errors: [{ messageId: 'deep' }] },
    { code: "import { Patient } from '../../modules/patients/index.js';", filename: at('common/auth/x.ts'), errors: [{ messageId: 'layer' }] },
    { code: "import { AuditLog } from '../modules/audit/audit.controller.js';", filename: at('integrations/x.ts'), errors: [{ messageId: 'layer' }] },
  ],
});

tester.run('index-exports-no-entities', rules['index-exports-no-entities'], {
  valid: [
    { code: "export type { Patient } from './patient.entity.js';", filename: at('modules/patients/index.ts') },
    { code: "export { type Patient } from './patient.entity.js';", filename: at('modules/patients/index.ts') },
    { code: "export { PatientsReader } from './patients.reader.js';", filename: at('modules/patients/index.ts') },
    { code: "export { Patient } from './patient.entity.js';", filename: at('modules/patients/patients.service.ts') },
  ],
  invalid: [
    { code: "export { Patient } from './patient.entity.js';", filename: at('modules/patients/index.ts'), errors: [{ messageId: 'value' }] },
    { code: "export * from './patient.entity.js';", filename: at('modules/patients/index.ts'), errors: [{ messageId: 'value' }] },
  ],
});

tester.run('writes-through-transactions', rules['writes-through-transactions'], {
  valid: [
    { code: 'await this.tx.run((m) => m.update(Slot, { id }, { booked: 1 }));', filename: at('modules/scheduling/x.ts') },
    { code: 'await this.dataSource.getRepository(Slot).findOneBy({ id });', filename: at('modules/scheduling/x.ts') },
    { code: "await m.createQueryBuilder().update(Slot).set({ booked: 1 }).where('id = :id', { id }).execute();", filename: at('modules/x/y.ts') },
    { code: 'this.byChannel.delete(channel);', filename: at('modules/consultations/gateway.ts') },
    { code: 'return this.dataSource.transaction(work);', filename: at('common/database/transactions.ts') },
    { code: 'await this.transaction((m) => m.insert(Job, job));', filename: at('common/jobs/job-worker.ts') },
  ],
  invalid: [
    {
      code: 'await this.dataSource.getRepository(Slot).update({ id }, { booked: 1 });',
      filename: at('modules/scheduling/x.ts'),
      errors: [{ messageId: 'write' }],
    },
    { code: 'await dataSource.manager.insert(Slot, slot);', filename: at('database/seed/x.ts'), errors: [{ messageId: 'write' }] },
    {
      code: 'await this.dataSource.getRepository(Slot).createQueryBuilder().delete().execute();',
      filename: at('modules/x/y.ts'),
      errors: [{ messageId: 'write' }],
    },
    { code: 'await this.dataSource.transaction(async (m) => m.save(x));', filename: at('modules/x/y.ts'), errors: [{ messageId: 'transaction' }] },
    { code: 'await queryRunner.startTransaction();', filename: at('modules/x/y.ts'), errors: [{ messageId: 'transaction' }] },
  ],
});
