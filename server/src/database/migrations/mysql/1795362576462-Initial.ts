import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for mysql by db:generate from the entities. */
export class Initial1795362576462 implements MigrationInterface {
  name = 'Initial1795362576462';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `audit_logs` (`id` varchar(26) NOT NULL, `at` datetime(3) NOT NULL, `actorStaffId` varchar(26) NOT NULL, `actorRoles` varchar(128) NOT NULL, `action` varchar(32) NOT NULL, `patientId` varchar(26) NULL, `resource` varchar(64) NOT NULL, `resourceId` varchar(64) NULL, `purpose` varchar(255) NULL, `requestId` varchar(64) NULL, `ip` varchar(64) NULL, INDEX `ix_audit_logs_actor_at` (`actorStaffId`, `at`), INDEX `ix_audit_logs_patient_at` (`patientId`, `at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `auth_sessions` (`id` varchar(26) NOT NULL, `subjectKind` varchar(16) NOT NULL, `subjectId` varchar(26) NOT NULL, `refreshTokenHash` varchar(64) NOT NULL, `previousRefreshTokenHash` varchar(64) NULL, `expiresAt` datetime(3) NOT NULL, `revokedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `lastUsedAt` datetime(3) NOT NULL, `userAgent` varchar(255) NULL, INDEX `ix_auth_sessions_subject` (`subjectKind`, `subjectId`), UNIQUE INDEX `uq_auth_sessions_refresh_hash` (`refreshTokenHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `departments` (`id` varchar(26) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `nameEn` varchar(128) NOT NULL, `description` text NOT NULL, `descriptionEn` text NOT NULL, `location` varchar(128) NOT NULL, `sortOrder` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_departments_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `doctors` (`id` varchar(26) NOT NULL, `departmentId` varchar(26) NOT NULL, `name` varchar(64) NOT NULL, `nameEn` varchar(128) NOT NULL, `title` varchar(32) NOT NULL, `specialties` text NOT NULL, `specialtiesEn` text NOT NULL, `bio` text NOT NULL, `bioEn` text NOT NULL, `photoUrl` varchar(255) NULL, `visitTypes` text NOT NULL, `sortOrder` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_doctors_department` (`departmentId`, `sortOrder`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `patient_consents` (`id` varchar(26) NOT NULL, `patientId` varchar(26) NOT NULL, `kind` varchar(32) NOT NULL, `version` varchar(32) NOT NULL, `granted` tinyint NOT NULL, `decidedAt` datetime(3) NOT NULL, `decidedByAccountId` varchar(26) NULL, `ip` varchar(64) NULL, `userAgent` varchar(255) NULL, INDEX `ix_patient_consents_patient_kind` (`patientId`, `kind`, `decidedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `patients` (`id` varchar(26) NOT NULL, `accountId` varchar(26) NULL, `relationship` varchar(16) NOT NULL, `name` varchar(64) NULL, `gender` varchar(16) NOT NULL DEFAULT 'unknown', `birthDate` varchar(10) NULL, `phoneEnc` varchar(255) NULL, `phoneHash` varchar(64) NULL, `idNumberEnc` varchar(255) NULL, `idNumberHash` varchar(64) NULL, `language` varchar(8) NOT NULL DEFAULT 'zh-CN', `paymentPreference` varchar(32) NOT NULL DEFAULT 'self_pay', `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `deletedAt` datetime(3) NULL, INDEX `ix_patients_id_number_hash` (`idNumberHash`), INDEX `ix_patients_phone_hash` (`phoneHash`), INDEX `ix_patients_account` (`accountId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `wechat_accounts` (`id` varchar(26) NOT NULL, `appid` varchar(32) NOT NULL, `openid` varchar(64) NOT NULL, `unionid` varchar(64) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `lastLoginAt` datetime(3) NOT NULL, INDEX `ix_wechat_accounts_unionid` (`unionid`), UNIQUE INDEX `uq_wechat_accounts_appid_openid` (`appid`, `openid`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `staff_members` (`id` varchar(26) NOT NULL, `username` varchar(64) NOT NULL, `passwordHash` varchar(255) NOT NULL, `displayName` varchar(64) NOT NULL, `roles` text NOT NULL, `departmentId` varchar(26) NULL, `doctorId` varchar(26) NULL, `active` tinyint NOT NULL DEFAULT 1, `lastLoginAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_staff_members_username` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `wechat_access_tokens` (`appid` varchar(32) NOT NULL, `accessToken` varchar(512) NULL, `expiresAt` datetime(3) NULL, `leaseOwner` varchar(64) NULL, `leaseUntil` datetime(3) NULL, PRIMARY KEY (`appid`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `wechat_access_tokens`');
    await queryRunner.query('DROP INDEX `uq_staff_members_username` ON `staff_members`');
    await queryRunner.query('DROP TABLE `staff_members`');
    await queryRunner.query('DROP INDEX `uq_wechat_accounts_appid_openid` ON `wechat_accounts`');
    await queryRunner.query('DROP INDEX `ix_wechat_accounts_unionid` ON `wechat_accounts`');
    await queryRunner.query('DROP TABLE `wechat_accounts`');
    await queryRunner.query('DROP INDEX `ix_patients_account` ON `patients`');
    await queryRunner.query('DROP INDEX `ix_patients_phone_hash` ON `patients`');
    await queryRunner.query('DROP INDEX `ix_patients_id_number_hash` ON `patients`');
    await queryRunner.query('DROP TABLE `patients`');
    await queryRunner.query('DROP INDEX `ix_patient_consents_patient_kind` ON `patient_consents`');
    await queryRunner.query('DROP TABLE `patient_consents`');
    await queryRunner.query('DROP INDEX `ix_doctors_department` ON `doctors`');
    await queryRunner.query('DROP TABLE `doctors`');
    await queryRunner.query('DROP INDEX `uq_departments_code` ON `departments`');
    await queryRunner.query('DROP TABLE `departments`');
    await queryRunner.query('DROP INDEX `uq_auth_sessions_refresh_hash` ON `auth_sessions`');
    await queryRunner.query('DROP INDEX `ix_auth_sessions_subject` ON `auth_sessions`');
    await queryRunner.query('DROP TABLE `auth_sessions`');
    await queryRunner.query('DROP INDEX `ix_audit_logs_patient_at` ON `audit_logs`');
    await queryRunner.query('DROP INDEX `ix_audit_logs_actor_at` ON `audit_logs`');
    await queryRunner.query('DROP TABLE `audit_logs`');
  }
}
