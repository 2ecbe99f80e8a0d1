import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for sqlite by db:generate from the entities. */
export class Initial1795362576462 implements MigrationInterface {
  name = 'Initial1795362576462';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_logs" ("id" varchar(26) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actorStaffId" varchar(26) NOT NULL, "actorRoles" varchar(128) NOT NULL, "action" varchar(32) NOT NULL, "patientId" varchar(26), "resource" varchar(64) NOT NULL, "resourceId" varchar(64), "purpose" varchar(255), "requestId" varchar(64), "ip" varchar(64))',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_logs_actor_at" ON "audit_logs" ("actorStaffId", "at") ');
    await queryRunner.query('CREATE INDEX "ix_audit_logs_patient_at" ON "audit_logs" ("patientId", "at") ');
    await queryRunner.query(
      'CREATE TABLE "auth_sessions" ("id" varchar(26) PRIMARY KEY NOT NULL, "subjectKind" varchar(16) NOT NULL, "subjectId" varchar(26) NOT NULL, "refreshTokenHash" varchar(64) NOT NULL, "previousRefreshTokenHash" varchar(64), "expiresAt" datetime(3) NOT NULL, "revokedAt" datetime(3), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "lastUsedAt" datetime(3) NOT NULL, "userAgent" varchar(255))',
    );
    await queryRunner.query('CREATE INDEX "ix_auth_sessions_subject" ON "auth_sessions" ("subjectKind", "subjectId") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_auth_sessions_refresh_hash" ON "auth_sessions" ("refreshTokenHash") ');
    await queryRunner.query(
      'CREATE TABLE "departments" ("id" varchar(26) PRIMARY KEY NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "nameEn" varchar(128) NOT NULL, "description" text NOT NULL, "descriptionEn" text NOT NULL, "location" varchar(128) NOT NULL, "sortOrder" integer NOT NULL DEFAULT (0), "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_departments_code" ON "departments" ("code") ');
    await queryRunner.query(
      'CREATE TABLE "doctors" ("id" varchar(26) PRIMARY KEY NOT NULL, "departmentId" varchar(26) NOT NULL, "name" varchar(64) NOT NULL, "nameEn" varchar(128) NOT NULL, "title" varchar(32) NOT NULL, "specialties" text NOT NULL, "specialtiesEn" text NOT NULL, "bio" text NOT NULL, "bioEn" text NOT NULL, "photoUrl" varchar(255), "visitTypes" text NOT NULL, "sortOrder" integer NOT NULL DEFAULT (0), "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "ix_doctors_department" ON "doctors" ("departmentId", "sortOrder") ');
    await queryRunner.query(
      'CREATE TABLE "patient_consents" ("id" varchar(26) PRIMARY KEY NOT NULL, "patientId" varchar(26) NOT NULL, "kind" varchar(32) NOT NULL, "version" varchar(32) NOT NULL, "granted" boolean NOT NULL, "decidedAt" datetime(3) NOT NULL, "decidedByAccountId" varchar(26), "ip" varchar(64), "userAgent" varchar(255))',
    );
    await queryRunner.query('CREATE INDEX "ix_patient_consents_patient_kind" ON "patient_consents" ("patientId", "kind", "decidedAt") ');
    await queryRunner.query(
      'CREATE TABLE "patients" ("id" varchar(26) PRIMARY KEY NOT NULL, "accountId" varchar(26), "relationship" varchar(16) NOT NULL, "name" varchar(64), "gender" varchar(16) NOT NULL DEFAULT (\'unknown\'), "birthDate" varchar(10), "phoneEnc" varchar(255), "phoneHash" varchar(64), "idNumberEnc" varchar(255), "idNumberHash" varchar(64), "language" varchar(8) NOT NULL DEFAULT (\'zh-CN\'), "paymentPreference" varchar(32) NOT NULL DEFAULT (\'self_pay\'), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "deletedAt" datetime(3))',
    );
    await queryRunner.query('CREATE INDEX "ix_patients_id_number_hash" ON "patients" ("idNumberHash") ');
    await queryRunner.query('CREATE INDEX "ix_patients_phone_hash" ON "patients" ("phoneHash") ');
    await queryRunner.query('CREATE INDEX "ix_patients_account" ON "patients" ("accountId") ');
    await queryRunner.query(
      'CREATE TABLE "wechat_accounts" ("id" varchar(26) PRIMARY KEY NOT NULL, "appid" varchar(32) NOT NULL, "openid" varchar(64) NOT NULL, "unionid" varchar(64), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "lastLoginAt" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_wechat_accounts_unionid" ON "wechat_accounts" ("unionid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_wechat_accounts_appid_openid" ON "wechat_accounts" ("appid", "openid") ');
    await queryRunner.query(
      'CREATE TABLE "staff_members" ("id" varchar(26) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "passwordHash" varchar(255) NOT NULL, "displayName" varchar(64) NOT NULL, "roles" text NOT NULL, "departmentId" varchar(26), "doctorId" varchar(26), "active" boolean NOT NULL DEFAULT (1), "lastLoginAt" datetime(3), "createdAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updatedAt" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_staff_members_username" ON "staff_members" ("username") ');
    await queryRunner.query(
      'CREATE TABLE "wechat_access_tokens" ("appid" varchar(32) PRIMARY KEY NOT NULL, "accessToken" varchar(512), "expiresAt" datetime(3), "leaseOwner" varchar(64), "leaseUntil" datetime(3))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "wechat_access_tokens"');
    await queryRunner.query('DROP INDEX "uq_staff_members_username"');
    await queryRunner.query('DROP TABLE "staff_members"');
    await queryRunner.query('DROP INDEX "uq_wechat_accounts_appid_openid"');
    await queryRunner.query('DROP INDEX "ix_wechat_accounts_unionid"');
    await queryRunner.query('DROP TABLE "wechat_accounts"');
    await queryRunner.query('DROP INDEX "ix_patients_account"');
    await queryRunner.query('DROP INDEX "ix_patients_phone_hash"');
    await queryRunner.query('DROP INDEX "ix_patients_id_number_hash"');
    await queryRunner.query('DROP TABLE "patients"');
    await queryRunner.query('DROP INDEX "ix_patient_consents_patient_kind"');
    await queryRunner.query('DROP TABLE "patient_consents"');
    await queryRunner.query('DROP INDEX "ix_doctors_department"');
    await queryRunner.query('DROP TABLE "doctors"');
    await queryRunner.query('DROP INDEX "uq_departments_code"');
    await queryRunner.query('DROP TABLE "departments"');
    await queryRunner.query('DROP INDEX "uq_auth_sessions_refresh_hash"');
    await queryRunner.query('DROP INDEX "ix_auth_sessions_subject"');
    await queryRunner.query('DROP TABLE "auth_sessions"');
    await queryRunner.query('DROP INDEX "ix_audit_logs_patient_at"');
    await queryRunner.query('DROP INDEX "ix_audit_logs_actor_at"');
    await queryRunner.query('DROP TABLE "audit_logs"');
  }
}
