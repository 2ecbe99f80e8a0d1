export default definePageConfig({ navigationBarTitleText: '紧急查看记录', enablePullDownRefresh: true });
