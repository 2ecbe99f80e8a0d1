export default definePageConfig({ navigationBarTitleText: '我的候补', enablePullDownRefresh: true });
