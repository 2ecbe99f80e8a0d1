export default definePageConfig({ navigationBarTitleText: '消息审核', enablePullDownRefresh: true });
