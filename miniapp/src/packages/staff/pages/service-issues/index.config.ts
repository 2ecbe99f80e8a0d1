export default definePageConfig({ navigationBarTitleText: '服务补救', enablePullDownRefresh: true });
