import type { Gender, IdDocumentType, Locale, PaymentPreference, Relationship } from '@yiban/shared';
import { Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A patient profile. Identifiers are stored encrypted (`*Enc`) with a keyed hash (`*Hash`) for
 * exact-match lookups; they are never stored or logged in the clear.
 */
@Entity('patients')
@Index('ix_patients_account', ['accountId'])
@Index('ix_patients_phone_hash', ['phoneHash'])
@Index('ix_patients_id_number_hash', ['idNumberHash'])
// Segments: age ranges are birth-date ranges (with or without gender).
@Index('ix_patients_gender_birth_date', ['gender', 'birthDate'])
@Index('ix_patients_birth_date', ['birthDate'])
// Segments: a count may start from the patients speaking a language.
@Index('ix_patients_language', ['language'])
export class Patient {
  @IdColumn() id: string = newId();

  /** The WeChat account that manages this profile (null for records that came only from the HIS). */
  @RefColumn({ nullable: true }) accountId: string | null = null;

  @CodeColumn(16) relationship: Relationship;

  @Column({ type: 'varchar', length: 64, nullable: true }) name: string | null = null;

  @CodeColumn(16, { default: 'unknown' }) gender: Gender = 'unknown';

  /** YYYY-MM-DD (a calendar date, no time zone). */
  @Column({ type: 'varchar', length: 10, nullable: true }) birthDate: string | null = null;

  @Column({ type: 'varchar', length: 255, nullable: true }) phoneEnc: string | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) phoneHash: string | null = null;

  /** The identity document the number belongs to (实名); a resident ID also fixes the birth date and sex. */
  @CodeColumn(32, { nullable: true }) idType: IdDocumentType | null = null;

  @Column({ type: 'varchar', length: 255, nullable: true }) idNumberEnc: string | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) idNumberHash: string | null = null;

  /** ISO 3166-1 alpha-3, for a passport. */
  @Column({ type: 'varchar', length: 3, nullable: true }) nationality: string | null = null;

  @CodeColumn(8, { default: 'zh-CN' }) language: Locale = 'zh-CN';

  @CodeColumn(32, { default: 'self_pay' }) paymentPreference: PaymentPreference = 'self_pay';

  /** IANA time zone for quiet hours and times in messages; null = the hospital's. */
  @Column({ type: 'varchar', length: 64, nullable: true }) timeZone: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;

  /** Removed from the account's list; the record is kept (medical records have retention rules). */
  @DeleteDateColumn({ type: 'datetime', precision: 3, nullable: true }) deletedAt: Date | null;
}
