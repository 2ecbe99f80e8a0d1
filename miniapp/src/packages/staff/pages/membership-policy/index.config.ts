export default definePageConfig({ navigationBarTitleText: '会员政策', enablePullDownRefresh: true });
