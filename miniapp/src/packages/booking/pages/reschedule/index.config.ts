export default definePageConfig({ navigationBarTitleText: '改约' });
