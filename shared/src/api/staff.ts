import type { StaffRole } from '../roles.js';

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  departmentId: string | null;
  doctorId: string | null;
}
