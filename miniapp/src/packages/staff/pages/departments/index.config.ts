export default definePageConfig({ navigationBarTitleText: '科室与医生' });
