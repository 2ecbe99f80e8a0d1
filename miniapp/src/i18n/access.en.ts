import type { accessZhCN } from './access.zh-CN';

/** A patient's record outside one's care: the patient panel's explanation, breaking the glass, the admins' list (en). */
export const accessEn: Record<keyof typeof accessZhCN, string> = {
  'breakGlass.lockedTitle': 'This patient is not in your care',
  'breakGlass.lockedBody':
    'You have no recent care relationship with this patient (an appointment or visit in your department, or a consultation assigned to you or waiting in your department), so their record is closed to you. The chat itself is not affected.',
  'breakGlass.lockedWhen':
    'If you must see it now — an emergency, a specialist consultation — break the glass: give a reason and the record opens for a while.',
  'breakGlass.open': 'Break the glass',
  'breakGlass.formTitle': 'Break the glass: open this record',
  'breakGlass.formPatient': 'Patient: {name}',
  'breakGlass.warning': 'This read is recorded in the audit log and shown to administrators under "Break-the-glass reads": who, when, which patient and why.',
  'breakGlass.reasonLabel': 'Reason (required)',
  'breakGlass.reasonPlaceholder': 'For example: emergency treatment, need their history and medication',
  'breakGlass.reasonHint':
    'Say why you must see it now: an emergency, a specialist consultation, a transfer to your department. At least {min} characters; administrators review every reason.',
  'breakGlass.reasonCount': '{n}/{max}',
  'breakGlass.reasonBlank': 'Please give a reason: why you must see this patient’s record now.',
  'breakGlass.reasonTooShort': 'The reason is too short. Write at least {min} characters about the situation.',
  'breakGlass.reasonTooLong': 'The reason can be at most {max} characters. Please shorten it.',
  'breakGlass.reasonRefused': 'The reason was not accepted: write {min}–{max} characters on why you must see the record now, then tap "Open the record".',
  'breakGlass.offline': 'The connection failed, so the record is not open yet. Your reason is kept: check the connection and tap "Open the record" again.',
  'breakGlass.keptRetry': 'Your reason is kept: tap "Open the record" again in a moment.',
  'breakGlass.submit': 'Open the record',
  'breakGlass.submitting': 'Opening…',
  'breakGlass.active': 'Opened by breaking the glass until {time} ({n} min left)',
  'breakGlass.activeNote': 'This read is recorded and shown to administrators.',
  'breakGlass.ended': 'Break-the-glass access ended at {time}. To look again, give a new reason.',

  'breakGlass.listTitle': 'Break-the-glass reads',
  'breakGlass.listIntro':
    'Staff who open a record outside their care must give a reason. Every such read is listed here, newest first: check that each reason holds up.',
  'breakGlass.empty': 'No break-the-glass reads',
  'breakGlass.emptyHint':
    'When staff with no care relationship must see a patient’s record (an emergency, say), they break the glass and give a reason; each read appears here for you to review.',
  'breakGlass.loadError': 'The break-the-glass reads did not load',
  'breakGlass.moreError': 'More reads did not load: {message}',
  'breakGlass.loadMore': 'Load more',
  'breakGlass.loadingMore': 'Loading…',
  'breakGlass.allShown': 'All reads are shown',
  'breakGlass.who': '{staff} opened {patient}',
  'breakGlass.unknownStaff': 'Unknown staff member',
  'breakGlass.reason': 'Reason: {reason}',
  'breakGlass.period': 'From {from} until {until}',
  'breakGlass.state.open': 'Still open',
  'breakGlass.state.ended': 'Ended',
};
