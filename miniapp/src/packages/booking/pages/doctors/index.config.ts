export default definePageConfig({ navigationBarTitleText: '出诊医生' });
