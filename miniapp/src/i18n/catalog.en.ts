import type { catalogZhCN } from './catalog.zh-CN';

/** The catalogue in two languages: the "shown in Chinese" mark, the staff console's language switch and the admin's editor (en). */
export const catalogEn: Record<keyof typeof catalogZhCN, string> = {
  'catalog.inChinese': 'In Chinese',
  'catalog.inChineseHint': 'The hospital has not entered this in English yet: shown as written in Chinese',

  'console.language': 'Language',
  'console.languageLabel': 'Console language',
  'console.listSeparator': ', ',
  'console.labelled': '{label}: {value}',

  'catalogEdit.intro':
    'The department and doctor texts patients read are entered here. While an English text is empty, the English app shows the Chinese, marked “In Chinese”.',
  'catalogEdit.edit': 'Edit texts',
  'catalogEdit.close': 'Close',
  'catalogEdit.zh': 'Chinese',
  'catalogEdit.en': 'English',
  'catalogEdit.field.name': 'Name',
  'catalogEdit.field.doctorName': 'Name',
  'catalogEdit.field.description': 'Description',
  'catalogEdit.field.location': 'Location',
  'catalogEdit.field.title': 'Title',
  'catalogEdit.field.specialties': 'Specialties',
  'catalogEdit.field.bio': 'Biography',
  'catalogEdit.onePerLine': 'One per line',
  'catalogEdit.nameEnHint': 'In Latin letters: pinyin, or the name the doctor uses abroad',
  'catalogEdit.missing': 'No English: {fields}',
  'catalogEdit.complete': 'Both languages',
  'catalogEdit.zhRequired': '{field}: the Chinese text cannot be empty.',
  'catalogEdit.saved': 'Saved: patients see it now',
  'catalogEdit.inactive': 'Inactive',
  // The audit log names this module's one audited action (the others are in admin.*.ts).
  'audit.action.catalog.update': 'Changed a department’s or doctor’s texts',
  'catalogEdit.doctors': 'Doctors',
} as const;
