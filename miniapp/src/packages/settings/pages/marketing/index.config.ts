export default definePageConfig({ navigationBarTitleText: '推送偏好' });
