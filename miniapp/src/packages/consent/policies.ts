import type { ConsentKind, Locale } from '@yiban/shared';

/** The consent texts the patient agrees to; their versions are `CURRENT_CONSENT_VERSIONS` in `@yiban/shared`. */
export interface PolicyText {
  sections: { heading: string; paragraphs: string[] }[];
}

const zh: Record<ConsentKind, PolicyText> = {
  privacy_policy: {
    sections: [
      {
        heading: '我们收集哪些信息',
        paragraphs: [
          '微信账号标识（openid）用于登录；您填写的就诊人姓名、性别、出生日期；您授权后的手机号；您自愿填写的身份证号和付费方式。我们只收集提供服务所必需的信息。',
        ],
      },
      {
        heading: '我们如何使用',
        paragraphs: ['用于身份识别、预约挂号、就诊提醒、在线咨询和诊后随访。未经您单独同意，不会用于营销推送，也不会提供给第三方（法律法规另有规定的除外）。'],
      },
      { heading: '我们如何保护', paragraphs: ['手机号和身份证号加密保存，页面上只显示部分数字；医护人员查看您的信息都会被记录，以备审计。'] },
      {
        heading: '您的权利',
        paragraphs: ['您可以查询、更正您的信息，撤回授权，或申请导出、删除个人信息。请在“我的—设置”中操作，或联系医院客服。撤回授权不影响撤回前已进行的处理。'],
      },
    ],
  },
  health_data: {
    sections: [
      {
        heading: '为什么需要单独授权',
        paragraphs: ['病历、检查检验结果、诊断、用药和随访记录属于敏感个人信息。依据《个人信息保护法》，我们需要您单独、明确的同意才能处理。'],
      },
      {
        heading: '处理目的与范围',
        paragraphs: ['仅用于为您诊疗、在线咨询、诊后随访和健康管理。只有为您服务的医生、护士和健康管家可以查看，每次查看都留有记录。'],
      },
      { heading: '保存期限', paragraphs: ['按照医疗机构病历管理的法定期限保存；到期后删除或匿名化处理。'] },
      { heading: '撤回', paragraphs: ['您可以随时撤回本授权。撤回后我们将无法为您提供线上问诊和随访服务，但不影响您到医院就诊。'] },
    ],
  },
  marketing: {
    sections: [
      { heading: '您会收到什么', paragraphs: ['健康科普文章、节日关怀、会员活动和讲座邀请。每类消息都需要您在微信中另行订阅才会发送。'] },
      { heading: '随时关闭', paragraphs: ['在“我的—设置”中关闭“健康资讯与活动通知”即可，关闭后不再推送此类消息，不影响就诊相关的提醒。'] },
    ],
  },
};

const en: Record<ConsentKind, PolicyText> = {
  privacy_policy: {
    sections: [
      {
        heading: 'What we collect',
        paragraphs: [
          'Your WeChat account identifier (openid) to sign you in; the name, sex and date of birth you enter for each patient; your phone number if you share it; an ID card number and payment preference if you choose to give them. We collect only what the service needs.',
        ],
      },
      {
        heading: 'How we use it',
        paragraphs: [
          'To identify you, book visits, remind you of appointments, run online consultations and follow up after care. Without your separate consent it is never used for marketing, and it is not given to third parties unless the law requires it.',
        ],
      },
      {
        heading: 'How we protect it',
        paragraphs: [
          'Phone and ID numbers are stored encrypted and shown only in part. Every time a member of staff looks at your record it is logged for audit.',
        ],
      },
      {
        heading: 'Your rights',
        paragraphs: [
          'You can see and correct your information, withdraw consent, and ask for a copy or for deletion, in Me → Settings or through the hospital’s service desk. Withdrawing does not undo processing that happened before.',
        ],
      },
    ],
  },
  health_data: {
    sections: [
      {
        heading: 'Why a separate consent',
        paragraphs: [
          'Medical records, test results, diagnoses, medication and follow-up notes are sensitive personal information. Under China’s Personal Information Protection Law we need your separate, explicit consent to process them.',
        ],
      },
      {
        heading: 'Purpose and scope',
        paragraphs: [
          'Only for your care, online consultations, follow-up and health management. Only the doctors, nurses and case managers looking after you can see it, and every look is logged.',
        ],
      },
      { heading: 'How long', paragraphs: ['For the period the law sets for medical records; then deleted or anonymised.'] },
      {
        heading: 'Withdrawing',
        paragraphs: [
          'You can withdraw this consent at any time. We then cannot offer online consultations or follow-up, but you can still be seen at the hospital.',
        ],
      },
    ],
  },
  marketing: {
    sections: [
      {
        heading: 'What you will get',
        paragraphs: [
          'Health education articles, holiday care, member events and talks. Each kind of message is sent only after you also subscribe to it in WeChat.',
        ],
      },
      { heading: 'Turn it off any time', paragraphs: ['Switch off “Health news and events” in Me → Settings. Visit reminders are not affected.'] },
    ],
  },
};

export function policyText(kind: ConsentKind, locale: Locale): PolicyText {
  return (locale === 'en' ? en : zh)[kind];
}
