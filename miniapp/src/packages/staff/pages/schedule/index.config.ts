export default definePageConfig({ navigationBarTitleText: '排班与号源' });
