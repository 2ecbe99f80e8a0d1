export default definePageConfig({ navigationBarTitleText: '随访工作台', enablePullDownRefresh: true });
