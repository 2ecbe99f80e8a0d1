import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, newId } from '../../common/database/columns.js';

export type SessionSubject = 'account' | 'staff';

/**
 * A signed-in session. Access tokens are short-lived JWTs naming the session; the refresh token is
 * a random secret stored only as a hash and rotated on every use. A refresh token used twice means it
 * leaked: the whole session is revoked.
 */
@Entity('auth_sessions')
@Index('uq_auth_sessions_refresh_hash', ['refreshTokenHash'], { unique: true })
@Index('ix_auth_sessions_subject', ['subjectKind', 'subjectId'])
export class AuthSession {
  @IdColumn() id: string = newId();

  @CodeColumn(16) subjectKind: SessionSubject;

  @RefColumn() subjectId: string;

  @Column({ type: 'varchar', length: 64 }) refreshTokenHash: string;

  /** The hash this one replaced; a retry presenting it is recognised as reuse. */
  @Column({ type: 'varchar', length: 64, nullable: true }) previousRefreshTokenHash: string | null = null;

  @InstantColumn() expiresAt: Date;

  @InstantColumn({ nullable: true }) revokedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @InstantColumn() lastUsedAt: Date;

  @Column({ type: 'varchar', length: 255, nullable: true }) userAgent: string | null = null;
}
