export default definePageConfig({ navigationBarTitleText: '推送活动' });
