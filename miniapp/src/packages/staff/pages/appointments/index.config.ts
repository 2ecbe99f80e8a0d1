export default definePageConfig({ navigationBarTitleText: '今日预约与签到' });
