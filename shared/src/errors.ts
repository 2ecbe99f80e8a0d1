import type { Locale } from './enums.js';

interface ErrorDefinition {
  /** HTTP status the server answers with. */
  status: number;
  'zh-CN': string;
  en: string;
}

/**
 * Every error code the API can answer with. The mini-program branches on `code`,
 * never on the message text. Messages may contain `{name}` placeholders filled from `details`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, 'zh-CN': '提交的信息有误，请检查后重试', en: 'Some of the information is not valid. Please check and try again.' },
  UNKNOWN_FIELD: { status: 400, 'zh-CN': '请求中包含不支持的字段：{fields}', en: 'The request contains fields that are not allowed: {fields}' },
  BODY_TOO_LARGE: { status: 413, 'zh-CN': '提交的内容过大', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': '请求格式不受支持，请以 JSON 提交',
    en: 'This content type is not accepted. Send the request as JSON.',
  },
  MALFORMED_JSON: { status: 400, 'zh-CN': '请求格式错误', en: 'The request body is not valid JSON.' },
  NOT_FOUND: { status: 404, 'zh-CN': '您访问的内容不存在', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在', en: 'This API route does not exist.' },
  METHOD_NOT_ALLOWED: { status: 405, 'zh-CN': '不支持该请求方式', en: 'This method is not allowed here.' },
  RATE_LIMITED: { status: 429, 'zh-CN': '操作太频繁，请稍后再试', en: 'Too many attempts. Please wait a moment and try again.' },
  IDEMPOTENCY_KEY_CONFLICT: { status: 409, 'zh-CN': '重复的请求与之前的内容不一致', en: 'This Idempotency-Key was already used with a different request.' },
  INTERNAL_ERROR: { status: 500, 'zh-CN': '系统开小差了，请稍后重试', en: 'Something went wrong on our side. Please try again shortly.' },
  SERVICE_UNAVAILABLE: { status: 503, 'zh-CN': '服务暂时不可用，请稍后重试', en: 'The service is temporarily unavailable. Please try again shortly.' },

  AUTH_REQUIRED: { status: 401, 'zh-CN': '请先登录', en: 'Please sign in first.' },
  AUTH_TOKEN_INVALID: { status: 401, 'zh-CN': '登录状态无效，请重新登录', en: 'Your session is not valid. Please sign in again.' },
  AUTH_TOKEN_EXPIRED: { status: 401, 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired. Please sign in again.' },
  AUTH_REFRESH_INVALID: { status: 401, 'zh-CN': '登录已失效，请重新登录', en: 'Your session can no longer be renewed. Please sign in again.' },
  AUTH_BAD_CREDENTIALS: { status: 401, 'zh-CN': '用户名或密码错误', en: 'The username or password is incorrect.' },
  AUTH_ACCOUNT_DISABLED: { status: 403, 'zh-CN': '该账号已停用，请联系管理员', en: 'This account is disabled. Please contact an administrator.' },
  FORBIDDEN_ROLE: { status: 403, 'zh-CN': '您没有权限进行此操作', en: 'You do not have permission to do this.' },
  CARE_RELATIONSHIP_REQUIRED: {
    status: 403,
    'zh-CN': '该患者不在您的诊疗关系中。如确需查看（如急诊），请填写理由后紧急查看，此操作将被记录并告知管理员',
    en: 'This patient is not in your care. If you must see the record (an emergency), give a reason to break the glass; it is recorded and shown to administrators.',
  },
  FORBIDDEN_OWNERSHIP: { status: 403, 'zh-CN': '您无权访问该就诊人的信息', en: 'You cannot access this patient profile.' },

  WECHAT_CODE_INVALID: {
    status: 400,
    'zh-CN': '微信登录凭证无效或已使用，请重新进入小程序',
    en: 'The WeChat sign-in code is invalid or already used. Please reopen the mini-program.',
  },
  WECHAT_USER_RISKY: {
    status: 403,
    'zh-CN': '微信账号存在风险，暂时无法登录',
    en: 'WeChat flagged this account as high risk; sign-in is not possible right now.',
  },
  WECHAT_RATE_LIMITED: { status: 429, 'zh-CN': '微信登录过于频繁，请稍后再试', en: 'Too many WeChat sign-ins. Please try again in a minute.' },
  WECHAT_UNAVAILABLE: { status: 503, 'zh-CN': '暂时无法连接微信服务，请稍后重试', en: 'WeChat cannot be reached right now. Please try again shortly.' },
  WECHAT_PHONE_CODE_INVALID: {
    status: 400,
    'zh-CN': '手机号授权已失效，请重新授权',
    en: 'The phone number authorisation has expired. Please authorise again.',
  },

  PATIENT_NOT_FOUND: { status: 404, 'zh-CN': '就诊人不存在', en: 'Patient profile not found.' },
  PATIENT_LIMIT_REACHED: { status: 409, 'zh-CN': '最多可添加 {max} 位就诊人', en: 'You can manage at most {max} patient profiles.' },
  PATIENT_SELF_NOT_REMOVABLE: { status: 409, 'zh-CN': '本人档案不能删除', en: 'Your own profile cannot be removed.' },
  PATIENT_ID_NUMBER_INVALID: { status: 400, 'zh-CN': '证件号码格式不正确，请核对后重试', en: 'The identity document number is not valid. Please check it.' },
  PATIENT_ID_DISAGREES: {
    status: 400,
    'zh-CN': '出生日期或性别与身份证号码不一致，请核对',
    en: 'The birth date or sex does not match the ID card number. Please check them.',
  },
  PATIENT_PHONE_INVALID: { status: 400, 'zh-CN': '手机号码格式不正确', en: 'The phone number is not valid.' },
  PATIENT_DUPLICATE_ID_NUMBER: { status: 409, 'zh-CN': '该身份证号已添加为就诊人', en: 'A profile with this ID card number already exists.' },

  CONSENT_REQUIRED: {
    status: 403,
    'zh-CN': '请先阅读并同意隐私政策和健康信息授权',
    en: 'Please read and accept the privacy policy and the health data consent first.',
  },
  REAL_NAME_REQUIRED: {
    status: 403,
    'zh-CN': '根据实名就医要求，请先补全就诊人的真实姓名、有效证件和手机号',
    en: 'Hospitals register patients by real name: please add the patient’s full name, an identity document and a phone number first.',
  },
  CONSENT_VERSION_UNKNOWN: {
    status: 400,
    'zh-CN': '协议版本不存在，请刷新后重试',
    en: 'There is no such version of this consent. Please refresh and try again.',
  },
  CONSENT_VERSION_OUTDATED: {
    status: 409,
    'zh-CN': '协议已更新，请阅读最新版本后再同意',
    en: 'The consent text has been updated. Please read the latest version.',
  },

  STAFF_NOT_FOUND: { status: 404, 'zh-CN': '员工不存在', en: 'Staff member not found.' },
  STAFF_USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名已被使用', en: 'This username is already taken.' },
  STAFF_PASSWORD_WEAK: { status: 400, 'zh-CN': '密码至少 10 位，且需包含字母和数字', en: 'The password needs at least 10 characters with letters and digits.' },
  STAFF_DEPARTMENT_REQUIRED: {
    status: 400,
    'zh-CN': '医生和护士账号需要选择所在科室',
    en: 'Doctor and nurse accounts need a department.',
  },
  STAFF_SELF_LOCKOUT: {
    status: 409,
    'zh-CN': '不能停用自己的账号，也不能去掉自己的管理员角色，请让另一位管理员操作',
    en: 'You cannot disable your own account or remove your own admin role. Ask another administrator.',
  },
  DEPARTMENT_NOT_FOUND: { status: 404, 'zh-CN': '科室不存在', en: 'Department not found.' },
  SUBSCRIPTION_TEMPLATE_UNKNOWN: { status: 400, 'zh-CN': '不支持的消息模板：{templateIds}', en: 'Unknown message template(s): {templateIds}' },
  SUBSCRIPTION_RESULTS_MISMATCH: { status: 400, 'zh-CN': '订阅结果与模板不一致', en: 'The subscription results do not match the template ids.' },
  SCHEDULE_VISIT_TYPE_UNAVAILABLE: { status: 400, 'zh-CN': '该医生未开设此类门诊：{visitType}', en: 'This doctor does not offer {visitType} visits.' },
  SCHEDULE_DATE_IN_PAST: { status: 400, 'zh-CN': '不能为过去的日期排班', en: 'Schedules cannot start in the past.' },
  SCHEDULE_TIME_INVALID: {
    status: 400,
    'zh-CN': '出诊时间不正确：结束时间须晚于开始时间',
    en: 'The clinic hours are not valid: the end must be after the start.',
  },
  SCHEDULE_RANGE_TOO_LONG: { status: 400, 'zh-CN': '查询的时间范围过长（最多 {maxDays} 天）', en: 'The date range is too long (at most {maxDays} days).' },
  SLOT_NOT_FOUND: { status: 404, 'zh-CN': '号源不存在', en: 'This appointment slot does not exist.' },
  SLOT_CAPACITY_BELOW_BOOKED: {
    status: 409,
    'zh-CN': '号源数不能少于已预约人数（{booked}）',
    en: 'Capacity cannot be lower than the places already booked ({booked}).',
  },
  SLOT_RESERVED_FOR_TIER: {
    status: 403,
    'zh-CN': '该时段为{tierZh}及以上会员预留，{opensAt} 起向所有患者开放',
    en: 'This time is kept for {tierEn} members and above; it opens to everyone from {opensAt}.',
  },
  SLOT_FULL: { status: 409, 'zh-CN': '该时段已约满，请选择其他时段', en: 'This time is fully booked. Please choose another time.' },
  SLOT_NOT_BOOKABLE: {
    status: 409,
    'zh-CN': '该时段已停诊或已过时，无法预约',
    en: 'This time can no longer be booked (the clinic was stopped or the time has passed).',
  },
  APPOINTMENT_DUPLICATE: {
    status: 409,
    'zh-CN': '您已预约该时段，请在“我的预约”中查看',
    en: 'You already have an appointment at this time. See My appointments.',
  },
  APPOINTMENT_DAILY_LIMIT: { status: 429, 'zh-CN': '每位就诊人每天最多预约 {max} 个号', en: 'Each patient can book at most {max} appointments a day.' },
  APPOINTMENT_NOT_FOUND: { status: 404, 'zh-CN': '预约不存在', en: 'Appointment not found.' },
  APPOINTMENT_NOT_CANCELLABLE: { status: 409, 'zh-CN': '该预约当前状态不能取消', en: 'This appointment cannot be cancelled in its current state.' },
  APPOINTMENT_NOT_RESCHEDULABLE: { status: 409, 'zh-CN': '该预约当前状态不能改约', en: 'This appointment cannot be rescheduled in its current state.' },
  APPOINTMENT_RESCHEDULE_MISMATCH: {
    status: 409,
    'zh-CN': '只能改约到同一科室、相同费用的号源',
    en: 'You can only move to a slot of the same department with the same fee.',
  },
  APPOINTMENT_STATE_CONFLICT: {
    status: 409,
    'zh-CN': '该预约当前状态（{status}）不能进行此操作',
    en: 'This cannot be done while the appointment is {status}.',
  },
  APPOINTMENT_NOT_ENDED: { status: 409, 'zh-CN': '就诊时段结束后才能标记爽约', en: 'A no-show can be marked only after the appointment time has ended.' },
  CHECK_IN_CODE_INVALID: { status: 404, 'zh-CN': '签到码无效，请核对后重试', en: 'This check-in code is not valid. Please check it and try again.' },
  CHECK_IN_NOT_TODAY: { status: 409, 'zh-CN': '只能在就诊当天签到', en: 'Check-in is possible only on the day of the appointment.' },
  PAYMENT_NOT_PAYABLE: {
    status: 409,
    'zh-CN': '无需支付或已超过支付时间，请刷新后查看',
    en: 'There is nothing to pay, or the time to pay has passed. Please refresh.',
  },
  PAYMENT_UNAVAILABLE: { status: 503, 'zh-CN': '支付服务暂时不可用，请稍后重试', en: 'Payment is temporarily unavailable. Please try again shortly.' },
  PAYMENT_NOTIFICATION_REJECTED: { status: 401, 'zh-CN': '支付通知验证失败', en: 'The payment notification could not be verified.' },
  WECHAT_PUSH_REJECTED: { status: 401, 'zh-CN': '微信消息推送验证失败', en: 'The WeChat push could not be verified.' },
  SESSION_NOT_FOUND: { status: 404, 'zh-CN': '出诊安排不存在', en: 'This clinic session does not exist.' },
  SESSION_ALREADY_STOPPED: { status: 409, 'zh-CN': '该出诊已停诊', en: 'This clinic session is already stopped.' },
  SLOT_FEE_LOCKED: { status: 409, 'zh-CN': '已有患者预约，不能修改费用', en: 'The fee cannot change once patients have booked.' },
  WAITLIST_DUPLICATE: { status: 409, 'zh-CN': '您已在该医生当天的候补名单中', en: 'You are already on the waitlist for this doctor on this day.' },
  WAITLIST_NOT_NEEDED: { status: 409, 'zh-CN': '当天仍有可预约号源，请直接预约', en: 'There are still places that day. Please book one directly.' },
  WAITLIST_NO_CLINIC: { status: 404, 'zh-CN': '该医生当天没有出诊', en: 'This doctor has no clinic on that day.' },
  WAITLIST_NOT_FOUND: { status: 404, 'zh-CN': '候补记录不存在', en: 'Waitlist entry not found.' },
  WAITLIST_OFFER_EXPIRED: {
    status: 409,
    'zh-CN': '候补号源保留时间已过，请重新预约或再次候补',
    en: 'This offer has expired. Please book another time or join the waitlist again.',
  },
  WAITLIST_STATE_CONFLICT: { status: 409, 'zh-CN': '该候补当前状态不能进行此操作', en: 'This cannot be done with the waitlist entry in its current state.' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, 'zh-CN': '相同的请求正在处理中，请稍候', en: 'The same request is still being processed. Please wait a moment.' },
  DOCTOR_NOT_FOUND: { status: 404, 'zh-CN': '医生不存在', en: 'Doctor not found.' },
  CONSULTATION_NOT_FOUND: { status: 404, 'zh-CN': '咨询不存在', en: 'Consultation not found.' },
  CONSULT_FOLLOWUP_NEEDS_VISIT: {
    status: 403,
    'zh-CN': '在线复诊仅限近 {days} 天内在本科室线下就诊过的患者，请先预约线下门诊',
    en: 'Online follow-up is only for patients seen in person in this department within {days} days. Please book a clinic visit first.',
  },
  CONSULT_DOCTOR_NOT_IN_DEPARTMENT: { status: 400, 'zh-CN': '该医生不属于所选科室', en: 'This doctor does not work in the chosen department.' },
  CONSULT_TOO_MANY_OPEN: {
    status: 409,
    'zh-CN': '您已有 {max} 个进行中的咨询，请先结束其中一个',
    en: 'You already have {max} open consultations. Please close one first.',
  },
  CONSULTATION_CLOSED: { status: 409, 'zh-CN': '该咨询已结束，如需继续请发起新的咨询', en: 'This consultation has ended. Please start a new one.' },
  CONSULTATION_NOT_PAID: { status: 409, 'zh-CN': '请先完成支付再发送消息', en: 'Please pay for the consultation before writing.' },
  CONSULT_CONTENT_RISKY: {
    status: 422,
    'zh-CN': '消息含有不适宜的内容，未能发送，请修改后重试',
    en: 'The message contains content that cannot be sent. Please change it and try again.',
  },
  CONTENT_CHECK_UNAVAILABLE: {
    status: 503,
    'zh-CN': '消息安全检测暂时不可用，请稍后重新发送',
    en: 'The message could not be checked right now. Please send it again shortly.',
  },
  CONSULT_NOT_RATABLE: { status: 409, 'zh-CN': '咨询结束后才能评价', en: 'You can rate a consultation once it has ended.' },
  CONSULT_ALREADY_RATED: { status: 409, 'zh-CN': '您已评价过该咨询', en: 'You have already rated this consultation.' },
  CONSULT_ALREADY_ASSIGNED: { status: 409, 'zh-CN': '该咨询已由 {name} 接诊', en: 'This consultation has already been taken by {name}.' },
  CONSULT_TRANSFER_TARGET_INVALID: {
    status: 400,
    'zh-CN': '只能转给本科室医生或个案管理师',
    en: 'A consultation can only be transferred to a doctor of the department or a case manager.',
  },
  CONSULT_IMAGE_INVALID: {
    status: 415,
    'zh-CN': '无法识别这张图片，请发送 JPG、PNG 或 WebP 格式的照片',
    en: 'This picture could not be read. Please send a JPG, PNG or WebP photo.',
  },
  CONSULT_IMAGE_TOO_LARGE: { status: 413, 'zh-CN': '图片不能超过 {maxMb} MB', en: 'Images can be at most {maxMb} MB.' },
  CONSULT_IMAGE_LINK_INVALID: {
    status: 403,
    'zh-CN': '图片链接无效或已过期，请刷新后查看',
    en: 'This image link is not valid or has expired. Please refresh.',
  },
  CONSULT_REVIEW_NOT_PENDING: { status: 409, 'zh-CN': '该消息已审核', en: 'This message has already been reviewed.' },
  NOTIFICATION_NOT_FOUND: { status: 404, 'zh-CN': '消息不存在', en: 'Message not found.' },
  CANNED_REPLY_NOT_FOUND: { status: 404, 'zh-CN': '常用回复不存在', en: 'Canned reply not found.' },
  SEGMENT_RULE_INVALID: {
    status: 400,
    'zh-CN': '人群规则有误（{path}）：{reason}',
    en: 'The segment rule is not valid at {path}: {reason}',
  },
  SEGMENT_FIELD_UNAVAILABLE: {
    status: 400,
    'zh-CN': '条件“{field}”暂不可用：相关数据尚未记录',
    en: 'The condition "{field}" is not available yet: its data is not recorded.',
  },
  SEGMENT_NOT_FOUND: { status: 404, 'zh-CN': '人群不存在', en: 'Segment not found.' },
  SEGMENT_IN_USE: { status: 409, 'zh-CN': '该人群正被营销活动使用，不能删除', en: 'This segment is used by a campaign and cannot be deleted.' },
  PATIENT_TAG_INVALID: { status: 400, 'zh-CN': '标签格式有误：{tag}', en: 'This tag is not valid: {tag}' },
  ARTICLE_NOT_FOUND: { status: 404, 'zh-CN': '文章不存在或尚未发布', en: 'This article does not exist or is not published.' },
  ARTICLE_SELF_REVIEW: {
    status: 403,
    'zh-CN': '不能审核自己撰写的文章，请由其他审核人审核',
    en: 'You cannot review an article you wrote. Another reviewer must review it.',
  },
  ARTICLE_STATE_INVALID: { status: 409, 'zh-CN': '文章当前状态（{status}）不允许此操作', en: 'This cannot be done while the article is {status}.' },
  ARTICLE_COVER_INVALID: {
    status: 422,
    'zh-CN': '封面图片无法识别，请上传 JPEG、PNG 或 WebP 图片',
    en: 'The cover image could not be read. Upload a JPEG, PNG or WebP picture.',
  },
  ARTICLE_BODY_TOO_LONG: {
    status: 400,
    'zh-CN': '正文过长，请精简到 {maxKb} KB 以内或分为多篇',
    en: 'The article body is too long. Keep it under {maxKb} KB or split it into several articles.',
  },
  ARTICLE_COVER_TOO_LARGE: { status: 413, 'zh-CN': '封面图片不能超过 {maxMb} MB', en: 'The cover image must be at most {maxMb} MB.' },
  CAMPAIGN_NOT_FOUND: { status: 404, 'zh-CN': '营销活动不存在', en: 'Campaign not found.' },
  CAMPAIGN_KIND_NOT_MARKETING: {
    status: 400,
    'zh-CN': '消息类型“{messageKind}”不能用于营销活动，请选择健康宣教、健康关怀或活动邀请',
    en: 'The message kind "{messageKind}" cannot be used by a campaign. Choose health education, care greeting or event invitation.',
  },
  CAMPAIGN_SELF_REVIEW: {
    status: 403,
    'zh-CN': '不能审核自己创建的营销活动，请由其他管理员审核',
    en: 'You cannot review a campaign you wrote. Another administrator must review it.',
  },
  CAMPAIGN_STATE: { status: 409, 'zh-CN': '营销活动当前状态（{status}）不允许此操作', en: 'This cannot be done while the campaign is {status}.' },
  CAMPAIGN_SCHEDULE_INVALID: { status: 400, 'zh-CN': '发送计划有误：{reason}', en: 'The schedule is not valid: {reason}' },
  LANDING_NOT_AVAILABLE: {
    status: 400,
    'zh-CN': '落地页类型“{type}”暂不可用：{reason}',
    en: 'The landing page type "{type}" is not available: {reason}',
  },
  CAMPAIGN_TEST_RECIPIENT_MISSING: {
    status: 409,
    'zh-CN': '请先登记您本人的微信 openid（在小程序“设置”中可查看），再发送测试消息',
    en: 'Record your own WeChat openid first (the mini-program’s settings page shows it), then send the test.',
  },
  CAMPAIGN_TEST_NOT_SUBSCRIBED: {
    status: 409,
    'zh-CN': '您的微信尚未订阅该消息：请先在小程序中接受此类消息的订阅，再发送测试',
    en: 'Your WeChat has not accepted this message: accept the subscription in the mini-program first, then send the test again.',
  },
  CAMPAIGN_TEST_SEND_FAILED: {
    status: 502,
    'zh-CN': '微信未能发送测试消息（错误码 {errcode}），请稍后重试',
    en: 'WeChat did not send the test message (errcode {errcode}). Please try again later.',
  },
  CAMPAIGN_NOT_RECIPIENT: { status: 404, 'zh-CN': '您未收到过该活动的消息', en: 'You did not receive this campaign.' },
  SURVEY_TEMPLATE_NOT_FOUND: { status: 404, 'zh-CN': '问卷模板不存在', en: 'Questionnaire template not found.' },
  SURVEY_TEMPLATE_INVALID: {
    status: 422,
    'zh-CN': '问卷内容有误，请按提示修改后再保存',
    en: 'The questionnaire has problems. Fix the ones listed and save again.',
  },
  SURVEY_TEMPLATE_KEY_TAKEN: { status: 409, 'zh-CN': '已有同名的问卷模板（{key}）', en: 'A template with the key {key} already exists.' },
  SURVEY_TEMPLATE_NOT_PUBLISHED: {
    status: 409,
    'zh-CN': '这个问卷模板还没有发布，发布后才能发送',
    en: 'This template is not published yet. Publish it before sending it.',
  },
  SURVEY_TEMPLATE_NO_DRAFT: { status: 409, 'zh-CN': '没有待发布的修改', en: 'There is no draft to publish.' },
  SURVEY_PATIENT_UNREACHABLE: {
    status: 409,
    'zh-CN': '该患者没有绑定微信，无法接收问卷',
    en: 'This patient has no WeChat account to receive the survey.',
  },
  SURVEY_INVITATION_NOT_FOUND: { status: 404, 'zh-CN': '问卷不存在', en: 'Survey not found.' },
  SURVEY_ALREADY_ANSWERED: { status: 409, 'zh-CN': '这份问卷您已经提交过了', en: 'You have already answered this survey.' },
  SURVEY_EXPIRED: { status: 409, 'zh-CN': '这份问卷已经截止', en: 'This survey has closed.' },
  VISIT_DATE_IN_FUTURE: { status: 422, 'zh-CN': '就诊或出院日期不能晚于今天', en: 'A visit or discharge date cannot be later than today.' },
  VISIT_EXTERNAL_REF_TAKEN: {
    status: 409,
    'zh-CN': '这个就诊号已登记在另一位患者名下，请核对',
    en: 'This encounter number is already recorded for another patient. Please check it.',
  },
  FOLLOWUP_TEMPLATE_NOT_FOUND: { status: 404, 'zh-CN': '随访方案不存在', en: 'Follow-up plan template not found.' },
  MEMBERSHIP_POLICY_INVALID: {
    status: 422,
    'zh-CN': '会员等级政策有 {count} 处需要修改',
    en: 'The tier policy has {count} problem(s) to fix.',
  },
  MEMBERSHIP_OVERRIDE_INVALID: {
    status: 422,
    'zh-CN': '手动等级的有效期需在今天之后、一年之内',
    en: 'A tier set by hand must end after today and within a year.',
  },
  POINTS_INSUFFICIENT: {
    status: 409,
    'zh-CN': '积分不足：现有 {balance} 分，需要 {needed} 分',
    en: 'Not enough points: you have {balance}, this needs {needed}.',
  },
  REFERRAL_CODE_UNKNOWN: { status: 404, 'zh-CN': '邀请码不存在，请核对后重新输入', en: 'This invitation code does not exist. Check it and try again.' },
  REFERRAL_OWN_FAMILY: { status: 409, 'zh-CN': '不能填写自己或家人的邀请码', en: 'You cannot use your own or your family’s invitation code.' },
  REFERRAL_TOO_LATE: { status: 409, 'zh-CN': '邀请码需在首次就诊前填写', en: 'An invitation code must be entered before your first visit.' },
  REFERRAL_ALREADY_SET: { status: 409, 'zh-CN': '您已填写过邀请码', en: 'You have already entered an invitation code.' },
  EVENT_NOT_FOUND: { status: 404, 'zh-CN': '活动不存在或已下线', en: 'This event does not exist or is no longer shown.' },
  EVENT_INVALID: { status: 422, 'zh-CN': '活动信息有 {count} 处需要修改', en: 'The event has {count} problem(s) to fix.' },
  EVENT_NOT_EDITABLE: { status: 409, 'zh-CN': '活动已开始或已取消，不能再修改', en: 'This event has started or was cancelled; it can no longer be changed.' },
  EVENT_CAPACITY_BELOW_TAKEN: {
    status: 409,
    'zh-CN': '已有 {taken} 人占用名额，名额不能少于此数',
    en: '{taken} places are already taken; the capacity cannot be lower.',
  },
  EVENT_NOT_ELIGIBLE: {
    status: 403,
    'zh-CN': '本活动仅限{tiersZh}会员报名',
    en: 'This event is for {tiersEn} members only.',
  },
  EVENT_NOT_OPEN_YET: { status: 409, 'zh-CN': '报名将于 {opensAt} 开始', en: 'Registration opens at {opensAt}.' },
  EVENT_REGISTRATION_CLOSED: { status: 409, 'zh-CN': '报名已截止', en: 'Registration has closed.' },
  EVENT_CANCELLED: { status: 409, 'zh-CN': '活动已取消', en: 'This event was cancelled.' },
  EVENT_REGISTRATION_NOT_FOUND: { status: 404, 'zh-CN': '报名记录不存在', en: 'Registration not found.' },
  EVENT_REGISTRATION_NOT_ACTIVE: {
    status: 409,
    'zh-CN': '该报名已取消或已结束，请刷新后查看',
    en: 'This registration was cancelled or has ended. Refresh to see where it stands.',
  },
  EVENT_OFFER_EXPIRED: {
    status: 409,
    'zh-CN': '候补名额的确认时间已过，名额已让给下一位',
    en: 'The time to confirm this place has passed; it went to the next person waiting.',
  },
  EVENT_CHECK_IN_UNKNOWN: {
    status: 404,
    'zh-CN': '未找到该签到码对应的本活动报名，请核对活动',
    en: 'No registration for this event has this code. Check that it is the right event.',
  },
  EVENT_CHECK_IN_NOT_CONFIRMED: {
    status: 409,
    'zh-CN': '该报名尚未确认（{status}），不能签到',
    en: 'This registration is not confirmed ({status}); it cannot be checked in.',
  },
  EVENT_CHECK_IN_NOT_OPEN: {
    status: 409,
    'zh-CN': '签到时间为活动开始前 2 小时至活动结束',
    en: 'Check-in is open from two hours before the start until the end.',
  },
  FOLLOWUP_TEMPLATE_INVALID: {
    status: 422,
    'zh-CN': '随访方案有 {count} 处需要修改',
    en: 'The follow-up plan has {count} problem(s) to fix.',
  },
  FOLLOWUP_TEMPLATE_KEY_TAKEN: { status: 409, 'zh-CN': '已有同名的随访方案（{key}）', en: 'A follow-up plan with the key {key} already exists.' },
  FOLLOWUP_PLAN_NOT_FOUND: { status: 404, 'zh-CN': '随访计划不存在', en: 'Follow-up plan not found.' },
  FOLLOWUP_TASK_NOT_FOUND: { status: 404, 'zh-CN': '随访任务不存在', en: 'Follow-up task not found.' },
  FOLLOWUP_ALREADY_ENROLLED: {
    status: 409,
    'zh-CN': '这位患者已在这个随访方案中',
    en: 'This patient is already on this follow-up plan.',
  },
  FOLLOWUP_TASK_CLOSED: { status: 409, 'zh-CN': '这项随访任务已经结束', en: 'This follow-up task is already closed.' },
  FOLLOWUP_DATE_INVALID: {
    status: 422,
    'zh-CN': '日期需在今天到一年之内',
    en: 'The date must be between today and a year from now.',
  },
  FOLLOWUP_OUTCOME_INVALID: {
    status: 422,
    'zh-CN': '这项任务不能记录为“{outcome}”，可选：{allowed}',
    en: '"{outcome}" is not an outcome for this task. Choose from: {allowed}.',
  },
  SERVICE_ISSUE_NOT_FOUND: { status: 404, 'zh-CN': '问题单不存在', en: 'Service issue not found.' },
  SERVICE_ISSUE_RESOLVED: { status: 409, 'zh-CN': '这个问题已经解决', en: 'This issue is already resolved.' },
  HEALTH_RECORD_CONSENT_WITHDRAWN: {
    status: 403,
    'zh-CN': '患者未授权或已撤回健康信息授权，健康档案对医护人员不可见',
    en: 'The patient has not given, or has withdrawn, consent to health data: their health record is hidden from staff.',
  },
  HEALTH_RECORD_ENTRY_NOT_FOUND: { status: 404, 'zh-CN': '健康档案中没有这一条记录', en: 'This health record entry was not found.' },
  HEALTH_MEASUREMENT_NOT_FOUND: { status: 404, 'zh-CN': '没有这条测量记录', en: 'This measurement was not found.' },
  HEALTH_MEASUREMENT_OUT_OF_RANGE: {
    status: 422,
    'zh-CN': '测量值应在 {min}–{max} {unit} 之间，请检查是否输错',
    en: 'A reading must be between {min} and {max} {unit}. Please check for a typo.',
  },
  HEALTH_MEASUREMENT_INCONSISTENT: {
    status: 422,
    'zh-CN': '收缩压（高压）应高于舒张压（低压）',
    en: 'The systolic (upper) pressure must be higher than the diastolic (lower) one.',
  },
  HEALTH_MEASUREMENT_TIME_INVALID: {
    status: 422,
    'zh-CN': '测量时间不能晚于现在，也不能早于十年前',
    en: 'The time of a reading cannot be in the future or more than ten years ago.',
  },
  HEALTH_RECORD_DATES_INVALID: { status: 422, 'zh-CN': '停用日期不能早于开始日期', en: 'The end date cannot be before the start date.' },
  MARKETING_TOPIC_UNKNOWN: {
    status: 400,
    'zh-CN': '“{topics}”不是可设置的营销消息类型，可选：{allowed}',
    en: '"{topics}" is not a marketing topic you can set. Choose from: {allowed}.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** The message for a code in the given language, with `{placeholders}` filled from `params`. */
export function errorMessage(code: ErrorCode, locale: Locale, params?: Record<string, unknown>): string {
  const template = ERRORS[code][locale];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    params[key] === undefined ? whole : Array.isArray(params[key]) ? (params[key] as unknown[]).join(', ') : String(params[key]),
  );
}

/** The body of every error answer. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string;
}
