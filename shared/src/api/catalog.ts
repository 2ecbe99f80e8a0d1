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
  reservedForTier: string | null;
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
