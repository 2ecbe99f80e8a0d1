import type { FollowupMatch, FollowupStep } from '@yiban/shared';

export interface DefaultPlan {
  key: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  match: FollowupMatch;
  steps: FollowupStep[];
}

/**
 * The pathways every hospital starts with (created once; admins change them). Departments are the hospital's own, so
 * the shipped matches go by diagnosis only: a discharge after an operation for appendicitis, hernia or gallstones; a
 * clinic visit for hypertension or type 2 diabetes.
 */
export const DEFAULT_PLANS: readonly DefaultPlan[] = [
  {
    key: 'post_op',
    name: '术后随访（普外科）',
    nameEn: 'After an operation (general surgery)',
    description: '出院后 30 天：次日电话回访，术后问卷，拆线复诊提醒，一个月回访。',
    descriptionEn: '30 days after discharge: a call the next day, post-operative questionnaires, a revisit to remove stitches, a call at one month.',
    match: { on: 'discharge', departmentIds: [], diagnosisPrefixes: ['K35', 'K40', 'K80'] },
    steps: [
      { offsetDays: 1, kind: 'call', title: '出院次日电话回访', titleEn: 'Call the day after discharge' },
      { offsetDays: 3, kind: 'questionnaire', title: '术后第 3 天问卷', titleEn: 'Questionnaire on day 3', questionnaireKey: 'post_op' },
      { offsetDays: 5, kind: 'education', title: '伤口护理须知', titleEn: 'Caring for your wound', articleTag: 'wound_care' },
      { offsetDays: 7, kind: 'questionnaire', title: '术后第 7 天问卷', titleEn: 'Questionnaire on day 7', questionnaireKey: 'post_op' },
      { offsetDays: 9, kind: 'revisit', title: '回院拆线复诊', titleEn: 'Come back to have the stitches removed' },
      { offsetDays: 30, kind: 'call', title: '术后一个月电话回访', titleEn: 'Call at one month' },
    ],
  },
  {
    key: 'hypertension',
    name: '高血压慢病管理',
    nameEn: 'Living with high blood pressure',
    description: '三个月：用药与血压问卷，生活方式宣教，个案管理师电话，季度复诊。',
    descriptionEn: 'Three months: medication and blood-pressure questionnaires, lifestyle education, calls from your case manager, a quarterly revisit.',
    match: { on: 'visit', departmentIds: [], diagnosisPrefixes: ['I10', 'I11', 'I12', 'I13', 'I15'] },
    steps: [
      { offsetDays: 0, kind: 'education', title: '高血压的自我管理', titleEn: 'Managing high blood pressure', articleTag: 'hypertension' },
      {
        offsetDays: 7,
        kind: 'questionnaire',
        title: '用药与血压（第 1 周）',
        titleEn: 'Medication and blood pressure (week 1)',
        questionnaireKey: 'chronic_disease',
      },
      { offsetDays: 14, kind: 'call', title: '两周电话随访', titleEn: 'Call at two weeks' },
      {
        offsetDays: 30,
        kind: 'questionnaire',
        title: '用药与血压（第 1 月）',
        titleEn: 'Medication and blood pressure (month 1)',
        questionnaireKey: 'chronic_disease',
      },
      { offsetDays: 60, kind: 'reminder', title: '坚持每日测量血压并记录', titleEn: 'Measure and record your blood pressure daily' },
      { offsetDays: 90, kind: 'revisit', title: '季度复诊', titleEn: 'Quarterly revisit' },
    ],
  },
  {
    key: 'diabetes',
    name: '2 型糖尿病慢病管理',
    nameEn: 'Living with type 2 diabetes',
    description: '三个月：血糖问卷，饮食宣教，电话随访，季度复诊。',
    descriptionEn: 'Three months: blood-glucose questionnaires, diet education, calls, a quarterly revisit.',
    match: { on: 'visit', departmentIds: [], diagnosisPrefixes: ['E11'] },
    steps: [
      { offsetDays: 0, kind: 'education', title: '糖尿病饮食指导', titleEn: 'Eating well with diabetes', articleTag: 'diabetes' },
      { offsetDays: 7, kind: 'questionnaire', title: '血糖与用药（第 1 周）', titleEn: 'Glucose and medication (week 1)', questionnaireKey: 'chronic_disease' },
      { offsetDays: 14, kind: 'call', title: '两周电话随访', titleEn: 'Call at two weeks' },
      {
        offsetDays: 45,
        kind: 'questionnaire',
        title: '血糖与用药（第 6 周）',
        titleEn: 'Glucose and medication (week 6)',
        questionnaireKey: 'chronic_disease',
      },
      { offsetDays: 90, kind: 'revisit', title: '季度复诊（查糖化血红蛋白）', titleEn: 'Quarterly revisit (HbA1c test)' },
    ],
  },
];
