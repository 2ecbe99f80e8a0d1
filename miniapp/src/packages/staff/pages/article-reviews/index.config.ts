export default definePageConfig({ navigationBarTitleText: '文章审核', enablePullDownRefresh: true });
