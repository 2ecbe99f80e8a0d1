// The staff module's public surface.
export { StaffModule } from './staff.module.js';
export { StaffDirectory } from './staff.directory.js';
export { StaffService } from './staff.service.js';
export { StaffViewDto } from './staff.dto.js';
export type { StaffMember } from './staff-member.entity.js';
