export default definePageConfig({ navigationBarTitleText: '患者咨询', enablePullDownRefresh: true });
