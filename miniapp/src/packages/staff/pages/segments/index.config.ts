export default definePageConfig({ navigationBarTitleText: '人群', enablePullDownRefresh: true });
