import type { uxZhCN } from './ux.zh-CN';

/** Navigation, states, consent for browsing, countdowns, console type size and consultation polish (en). */
export const uxEn: Record<keyof typeof uxZhCN, string> = {
  'state.offlineTitle': 'No connection',
  'state.consentTitle': 'Your consent is needed',
  'state.consentHint':
    'This step uses your health information, so you first need to agree to the privacy policy and the health data consent. You will come back here afterwards.',
  'state.consentAction': 'Read and agree',

  'browse.notice':
    'You have not agreed to the privacy policy and health data consent yet. You can browse departments and doctors now and agree when you book or consult.',
  'browse.consentAction': 'Agree now',
  'consent.browseInstead': 'Browse departments and doctors first',
  'consent.declinedBrowse':
    'Without agreeing you can still browse departments and doctors; booking, consultations and your visit records need your consent first.',
  'gate.consentTitle': 'This step needs your consent',
  'gate.consentBody':
    'Booking, consultations and visit records use your health information. Please read and agree to the privacy policy and the health data consent; you will come back here to carry on.',
  'gate.browse': 'Browse departments and doctors first',

  'birth.yearPrompt': '4 digits',
  'birth.monthPrompt': '1–12',
  'birth.dayPrompt': '1–31',

  'chat.cannedEmptyHint': 'Tap “Add canned reply”, write what you often say, and send it with one tap later.',

  'console.largeType': 'Large type',
  'console.largeTypeOn': 'Large type: on',
  'console.largeTypeOff': 'Large type: off',

  'consult.menu': 'More actions',
  'consult.replyBy': 'A doctor usually replies by {time}; we will tell you when they do',
  'consult.replyWaiting': 'The expected reply time has passed; the department has been reminded to answer soon',
  'consult.closeConfirmTitle': 'End this consultation?',
  'consult.ratingCollapse': 'Hide rating',
  'consult.ratingExpand': 'Rate this consultation',
  'consult.ratedShort': 'Rated {stars}',
};
