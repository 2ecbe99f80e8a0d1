export default definePageConfig({ navigationBarTitleText: '医护人员登录' });
