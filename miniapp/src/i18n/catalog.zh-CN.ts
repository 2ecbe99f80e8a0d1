/** The catalogue in two languages: the "shown in Chinese" mark, the staff console's language switch and the admin's editor (zh-CN). */
export const catalogZhCN = {
  'catalog.inChinese': '中文',
  'catalog.inChineseHint': '医院尚未填写英文，显示中文原文',

  'console.language': '语言',
  'console.languageLabel': '界面语言',
  'console.listSeparator': '、',
  'console.labelled': '{label}：{value}',

  'catalogEdit.intro': '患者看到的科室和医生文字在这里填写。英文留空时，英文界面显示中文原文并标注“中文”。',
  'catalogEdit.edit': '编辑中英文',
  'catalogEdit.close': '收起',
  'catalogEdit.zh': '中文',
  'catalogEdit.en': '英文',
  'catalogEdit.field.name': '名称',
  'catalogEdit.field.doctorName': '姓名',
  'catalogEdit.field.description': '介绍',
  'catalogEdit.field.location': '位置',
  'catalogEdit.field.title': '职称',
  'catalogEdit.field.specialties': '擅长',
  'catalogEdit.field.bio': '简介',
  'catalogEdit.onePerLine': '每行一项',
  'catalogEdit.nameEnHint': '拉丁字母：拼音或医生在外使用的名字',
  'catalogEdit.missing': '缺英文：{fields}',
  'catalogEdit.complete': '中英文齐全',
  'catalogEdit.zhRequired': '{field}：中文不能为空',
  'catalogEdit.saved': '已保存，患者端立即可见',
  'catalogEdit.inactive': '已停用',
  // The audit log names this module's one audited action (the others are in admin.*.ts).
  'audit.action.catalog.update': '修改科室或医生的介绍文字',
  'catalogEdit.doctors': '医生',
} as const;
