export default definePageConfig({ navigationBarTitleText: '咨询评价', enablePullDownRefresh: true });
