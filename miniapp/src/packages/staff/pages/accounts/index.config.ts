export default definePageConfig({ navigationBarTitleText: '员工与角色' });
