export default definePageConfig({ navigationBarTitleText: '推送审批', enablePullDownRefresh: true });
