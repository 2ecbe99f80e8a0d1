// Main package: the four tab pages only. Every feature is its own subpackage, preloaded from the page that leads to it.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/booking/index', 'pages/messages/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/consent', name: 'consent', pages: ['pages/index/index', 'pages/policy/index'] },
    { root: 'packages/profile', name: 'profile', pages: ['pages/index/index', 'pages/phone/index'] },
    { root: 'packages/family', name: 'family', pages: ['pages/index/index', 'pages/edit/index'] },
    { root: 'packages/settings', name: 'settings', pages: ['pages/index/index'] },
    {
      root: 'packages/booking',
      name: 'booking',
      pages: [
        'pages/doctors/index',
        'pages/doctor/index',
        'pages/confirm/index',
        'pages/result/index',
        'pages/appointments/index',
        'pages/appointment/index',
        'pages/reschedule/index',
        'pages/waitlist/index',
      ],
    },
    {
      root: 'packages/staff',
      name: 'staff',
      pages: ['pages/login/index', 'pages/home/index', 'pages/departments/index', 'pages/schedule/index', 'pages/appointments/index'],
    },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['consent', 'family', 'profile', 'booking'] },
    'pages/booking/index': { network: 'all', packages: ['booking'] },
    'pages/me/index': { network: 'all', packages: ['settings', 'family', 'profile', 'booking'] },
  },
  lazyCodeLoading: 'requiredComponents',
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b6e6e',
    navigationBarTitleText: '医伴',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f6f6',
  },
  tabBar: {
    color: '#3d4b4b',
    selectedColor: '#0b6e6e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/booking/index', text: '预约' },
      { pagePath: 'pages/messages/index', text: '消息' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});
