export default definePageConfig({ navigationBarTitleText: '测量趋势' });
