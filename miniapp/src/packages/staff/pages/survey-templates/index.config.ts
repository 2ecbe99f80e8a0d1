export default definePageConfig({ navigationBarTitleText: '问卷模板', enablePullDownRefresh: true });
