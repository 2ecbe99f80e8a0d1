import type { SurveyTriggerCode, SurveyTriggerSettings } from '@yiban/shared';

/**
 * What each trigger does until an admin changes it: after a visit, the six criteria two hours later; a day after a
 * discharge, SERVQUAL; twelve hours after a consultation closed, its rating (unless the patient rated it in the chat
 * already); after a service issue is resolved, a short NPS re-survey a day later; three hours after a club event was
 * attended, NPS. Invitations expire, and get one reminder.
 */
export const DEFAULT_TRIGGER_SETTINGS: Record<SurveyTriggerCode, Omit<SurveyTriggerSettings, 'trigger'>> = {
  visit_completed: { enabled: true, templateKey: 'six_criteria', delayHours: 2, expiresAfterDays: 7, remindAfterHours: 48 },
  discharge: { enabled: true, templateKey: 'servqual', delayHours: 24, expiresAfterDays: 14, remindAfterHours: 72 },
  consultation_closed: { enabled: true, templateKey: 'consult_rating', delayHours: 12, expiresAfterDays: 7, remindAfterHours: 0 },
  issue_resolved: { enabled: true, templateKey: 'nps', delayHours: 24, expiresAfterDays: 7, remindAfterHours: 0 },
  event_attended: { enabled: true, templateKey: 'nps', delayHours: 3, expiresAfterDays: 7, remindAfterHours: 0 },
};

/** An invitation staff send by hand: answerable for 14 days, reminded once after 3. */
export const MANUAL_INVITATION = { expiresAfterDays: 14, remindAfterHours: 72 } as const;

/** A visit older than this when recorded (an HIS catching up) invites nobody. */
export const VISIT_SURVEY_MAX_AGE_DAYS = 3;
