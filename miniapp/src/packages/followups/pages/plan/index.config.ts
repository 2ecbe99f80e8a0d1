export default definePageConfig({ navigationBarTitleText: '我的随访', enablePullDownRefresh: true });
