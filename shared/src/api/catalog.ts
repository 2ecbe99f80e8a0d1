import type { DoctorTitle, VisitType } from '../enums.js';

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  location: string;
}

export interface VisitTypeFee {
  type: VisitType;
  /** Integer fen. */
  fee: number;
}

export interface DoctorView {
  id: string;
  departmentId: string;
  name: string;
  nameEn: string;
  title: DoctorTitle;
  specialties: string[];
  specialtiesEn: string[];
  bio: string;
  bioEn: string;
  photoUrl: string | null;
  visitTypes: VisitTypeFee[];
}
