export default definePageConfig({ navigationBarTitleText: '咨询', disableScroll: true });
