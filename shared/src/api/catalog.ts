import type { DoctorTitle, VisitType } from '../enums.js';

/** The catalogue texts of a department that have a Chinese and an English form. */
export const DEPARTMENT_TEXTS = ['name', 'description', 'location'] as const;
export type DepartmentText = (typeof DEPARTMENT_TEXTS)[number];

/**
 * A department as a patient reads it, rendered by the server in the reader's language (`Accept-Language`).
 * A text the hospital has not entered in English is shown in Chinese and named in `fallback`, so the app can mark it.
 */
export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  description: string;
  location: string;
  /** Texts shown in Chinese because their English is empty (always empty for a Chinese reader). */
  fallback: DepartmentText[];
}

export interface VisitTypeFee {
  type: VisitType;
  /** Integer fen. */
  fee: number;
}

/** The catalogue texts of a doctor that have a Chinese and an English form (the title is a code the app words). */
export const DOCTOR_TEXTS = ['name', 'specialties', 'bio'] as const;
export type DoctorText = (typeof DOCTOR_TEXTS)[number];

/** A doctor as a patient reads it, rendered like `DepartmentView`. */
export interface DoctorView {
  id: string;
  departmentId: string;
  name: string;
  title: DoctorTitle;
  specialties: string[];
  bio: string;
  photoUrl: string | null;
  visitTypes: VisitTypeFee[];
  /** Texts shown in Chinese because their English is empty. */
  fallback: DoctorText[];
}

/** A department with both languages, as an admin edits it (`/admin/catalog/departments`). */
export interface DepartmentRecord {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  location: string;
  locationEn: string;
  active: boolean;
}

/** A doctor with both languages, as an admin edits it (`/admin/catalog/doctors`). */
export interface DoctorRecord {
  id: string;
  departmentId: string;
  name: string;
  /** The name in Latin letters (pinyin, or the name the doctor uses abroad). */
  nameEn: string;
  title: DoctorTitle;
  specialties: string[];
  specialtiesEn: string[];
  bio: string;
  bioEn: string;
  active: boolean;
}

/** What an admin changes of a department's texts: Chinese ones may not be blank; an empty English one means "none yet". */
export type UpdateDepartmentTextsRequest = Partial<Pick<DepartmentRecord, 'name' | 'nameEn' | 'description' | 'descriptionEn' | 'location' | 'locationEn'>>;

/** What an admin changes of a doctor's texts (same rule). */
export type UpdateDoctorTextsRequest = Partial<Pick<DoctorRecord, 'name' | 'nameEn' | 'title' | 'specialties' | 'specialtiesEn' | 'bio' | 'bioEn'>>;

export const SESSION_PERIODS = ['morning', 'afternoon', 'evening'] as const;
export type SessionPeriodName = (typeof SESSION_PERIODS)[number];

/** A bookable slot as patients see it. */
export interface SlotView {
  id: string;
  startsAt: string;
  endsAt: string;
  /** Integer fen. */
  fee: number;
  remaining: number;
  visitType: VisitType;
  /** Reserved for this tier and above (the booking hold enforces it) until `reservedOpensAt`, when everyone may book. */
  reservedForTier: string | null;
  reservedOpensAt: string | null;
}

/** One weekly clinic of a doctor, repeated for `weeks` from `fromDate`. */
export interface SchedulePatternItem {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  period: SessionPeriodName;
  /** HH:MM, hospital time */
  start: string;
  end: string;
  slotMinutes: number;
  capacityPerSlot: number;
  visitType: VisitType;
  reservedForTier?: string;
}

export interface CreateSchedulesRequest {
  doctorId: string;
  fromDate: string;
  weeks: number;
  pattern: SchedulePatternItem[];
}

export interface CreateSchedulesResponse {
  sessionsCreated: number;
  slotsCreated: number;
  /** Clinics that already existed and were left as they were. */
  skipped: { date: string; period: SessionPeriodName }[];
}
