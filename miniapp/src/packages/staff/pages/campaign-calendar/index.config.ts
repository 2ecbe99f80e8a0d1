export default definePageConfig({ navigationBarTitleText: '推送日历' });
