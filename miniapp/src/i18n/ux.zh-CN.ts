/** Navigation, states, consent for browsing, countdowns, console type size and consultation polish (zh-CN). */
export const uxZhCN = {
  'state.offlineTitle': '网络连接失败',
  'state.consentTitle': '需要您的同意',
  'state.consentHint': '这一步要用到您的健康信息，需要先同意隐私政策和健康信息授权。同意后会回到这里。',
  'state.consentAction': '查看并同意',

  'browse.notice': '您还没有同意隐私政策和健康信息授权。可以先浏览科室和医生，预约或问诊时再同意。',
  'browse.consentAction': '去同意',
  'consent.browseInstead': '先浏览科室和医生',
  'consent.declinedBrowse': '不同意也可以先浏览科室和医生；预约、问诊和查看就诊记录时，需要先同意。',
  'gate.consentTitle': '这一步需要您的同意',
  'gate.consentBody': '预约、问诊和就诊记录会用到您的健康信息。请先阅读并同意隐私政策和健康信息授权，同意后回到这里继续。',
  'gate.browse': '先去浏览科室和医生',

  // Prompts, not examples: a grey 1952 / 3 / 14 looked like a saved date.
  'birth.yearPrompt': '四位年份',
  'birth.monthPrompt': '1–12',
  'birth.dayPrompt': '1–31',

  'chat.cannedEmptyHint': '点“新增常用回复”，写下常说的话，以后一点就能发送。',

  'console.largeType': '大字模式',
  'console.largeTypeOn': '大字模式：开',
  'console.largeTypeOff': '大字模式：关',

  'consult.menu': '更多操作',
  'consult.replyBy': '医生通常会在 {time} 前回复，回复后会通知您',
  'consult.replyWaiting': '已超过预计回复时间，医院已提醒科室尽快回复',
  'consult.closeConfirmTitle': '结束这次咨询？',
  'consult.ratingCollapse': '收起评价',
  'consult.ratingExpand': '评价这次咨询',
  'consult.ratedShort': '已评价 {stars}',
} as const;
