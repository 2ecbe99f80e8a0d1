import { Campaign } from '../modules/campaigns/campaign.entity.js';
import { CampaignOpen } from '../modules/campaigns/campaign-open.entity.js';
import { CampaignReview } from '../modules/campaigns/campaign-review.entity.js';
import { CampaignRun } from '../modules/campaigns/campaign-run.entity.js';
import { CampaignTestRecipient } from '../modules/campaigns/campaign-test-recipient.entity.js';
import { AuditLog } from '../common/audit/audit-log.entity.js';
import { BreakGlassGrant } from '../common/auth/break-glass-grant.entity.js';
import { AuthSession } from '../modules/auth/auth-session.entity.js';
import { Department } from '../modules/catalog/department.entity.js';
import { Doctor } from '../modules/catalog/doctor.entity.js';
import { Consent } from '../modules/consents/consent.entity.js';
import { ConsentState } from '../modules/consents/consent-state.entity.js';
import { Patient } from '../modules/patients/patient.entity.js';
import { PatientTag } from '../modules/patients/patient-tag.entity.js';
import { VisitDiagnosis } from '../modules/appointments/visit-diagnosis.entity.js';
import { Segment } from '../modules/segments/segment.entity.js';
import { SegmentProfile } from '../common/segments/segment-profile.js';
import { ServiceIssue, ServiceIssueNote } from '../modules/service-recovery/service-issue.entity.js';
import { FollowupPlan } from '../modules/followups/followup-plan.entity.js';
import { ClubEvent, ClubRegistration } from '../modules/club/club.entities.js';
import { HealthButler, Referral, ReferralCode } from '../modules/membership/care.entities.js';
import { MemberState, MembershipPolicy, MembershipRecompute, PointsEntry, TierChange } from '../modules/membership/membership.entities.js';
import { FollowupTask } from '../modules/followups/followup-task.entity.js';
import { FollowupTemplate } from '../modules/followups/followup-template.entity.js';
import { HealthMeasurement, HealthRecordEntry } from '../modules/health-record/health-record.entity.js';
import { QuestionnaireTemplate } from '../modules/surveys/questionnaire-template.entity.js';
import { QuestionnaireVersion } from '../modules/surveys/questionnaire-version.entity.js';
import { SurveyGap } from '../modules/surveys/survey-gap.entity.js';
import { SurveyInvitation } from '../modules/surveys/survey-invitation.entity.js';
import { SurveyResponse } from '../modules/surveys/survey-response.entity.js';
import { SurveyTriggerSetting } from '../modules/surveys/survey-trigger-setting.entity.js';
import { WechatAccount } from '../modules/patients/wechat-account.entity.js';
import { StaffMember } from '../modules/staff/staff-member.entity.js';
import { WechatAccessToken } from '../integrations/wechat/wechat-access-token.entity.js';
import { Job } from '../common/jobs/job.entity.js';
import { SubscriptionEvent, SubscriptionGrant } from '../modules/messaging/subscription-grant.entity.js';
import { MessageDelivery } from '../modules/messaging/message-delivery.entity.js';
import { MarketingPreference } from '../modules/messaging/marketing-preference.entity.js';
import { Notification } from '../modules/messaging/notification.entity.js';
import { ClinicSession } from '../modules/scheduling/clinic-session.entity.js';
import { Slot } from '../modules/scheduling/slot.entity.js';
import { Appointment } from '../modules/appointments/appointment.entity.js';
import { Visit } from '../modules/appointments/visit.entity.js';
import { PatientVisitStats } from '../modules/appointments/patient-visit-stats.entity.js';
import { WaitlistEntry } from '../modules/appointments/waitlist-entry.entity.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { PaymentRefund } from '../modules/payments/payment-refund.entity.js';
import { PaymentEvent } from '../modules/payments/payment-event.entity.js';
import { Consultation } from '../modules/consultations/consultation.entity.js';
import { ConsultMessage } from '../modules/consultations/consult-message.entity.js';
import { CannedReply } from '../modules/consultations/canned-reply.entity.js';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity.js';
import { WechatPushEvent } from '../modules/wechat-events/wechat-push-event.entity.js';
import { Article, ArticleFavourite, ArticleRead } from '../modules/content/article.entity.js';

/** Every entity, in one list: the data source and the migration generator read it. */
export const ENTITIES = [
  WechatAccount,
  Patient,
  PatientTag,
  Consent,
  ConsentState,
  StaffMember,
  AuthSession,
  AuditLog,
  Department,
  Doctor,
  WechatAccessToken,
  Job,
  SubscriptionGrant,
  SubscriptionEvent,
  MessageDelivery,
  MarketingPreference,
  Notification,
  ClinicSession,
  Slot,
  Appointment,
  Visit,
  PatientVisitStats,
  VisitDiagnosis,
  WaitlistEntry,
  Payment,
  PaymentRefund,
  PaymentEvent,
  IdempotencyRecord,
  Consultation,
  ConsultMessage,
  CannedReply,
  BreakGlassGrant,
  WechatPushEvent,
  Article,
  ArticleFavourite,
  ArticleRead,
  Segment,
  SegmentProfile,
  QuestionnaireTemplate,
  QuestionnaireVersion,
  SurveyInvitation,
  SurveyResponse,
  SurveyGap,
  SurveyTriggerSetting,
  ServiceIssue,
  ServiceIssueNote,
  FollowupTemplate,
  FollowupPlan,
  FollowupTask,
  MembershipPolicy,
  ClubEvent,
  ClubRegistration,
  HealthButler,
  ReferralCode,
  Referral,
  MemberState,
  TierChange,
  PointsEntry,
  MembershipRecompute,
  HealthRecordEntry,
  HealthMeasurement,
  Campaign,
  CampaignReview,
  CampaignRun,
  CampaignTestRecipient,
  CampaignOpen,
];
