export default definePageConfig({ navigationBarTitleText: '随访方案', enablePullDownRefresh: true });
