import type { ArticleLanguage } from '@yiban/shared';
import type { EntityManager } from 'typeorm';
import { Department } from '../../modules/catalog/department.entity.js';
import { Article } from '../../modules/content/article.entity.js';
import { sanitizeArticleHtml } from '../../modules/content/article-html.js';
import { StaffMember } from '../../modules/staff/staff-member.entity.js';

interface DemoArticle {
  title: string;
  summary: string;
  body: string;
  tags: string[];
  departments: string[];
  language: ArticleLanguage;
  daysAgo: number;
}

const ARTICLES: DemoArticle[] = [
  {
    title: '冬季血压为什么容易升高？心内科医生教你三招',
    summary: '气温下降，血管收缩，血压随之波动。规律测量、清淡饮食、按时服药是关键。',
    body:
      '<h2>寒冷让血管“收紧”</h2><p>气温每下降 1℃，收缩压平均上升约 1 mmHg。清晨起床时血压最高，是心脑血管事件的高发时段。</p>' +
      '<h2>三个好习惯</h2><ol><li><strong>每天同一时间测血压</strong>，早晚各一次，记录下来复诊时带给医生。</li>' +
      '<li><strong>少盐</strong>：每天食盐不超过 5 克，少吃腌制食品和火锅蘸料。</li><li><strong>按时服药</strong>，不要因为一次测量正常就自行停药。</li></ol>' +
      '<blockquote>出现剧烈头痛、胸痛、一侧肢体无力时，请立即拨打 120。</blockquote>' +
      '<p>需要调整用药？<a href="/pages/booking/index">预约心内科门诊</a></p>',
    tags: ['高血压', '冬季保健'],
    departments: ['CARD'],
    language: 'zh-CN',
    daysAgo: 2,
  },
  {
    title: '糖尿病患者的一日三餐怎么吃',
    summary: '控糖不等于不吃主食。掌握“拳头法则”，吃得饱也能控得好。',
    body:
      '<h2>主食：一拳头</h2><p>每餐主食约一个拳头大小，粗细搭配，燕麦、糙米、杂豆占一半更好。</p>' +
      '<h2>蔬菜：两捧</h2><p>绿叶菜优先，先吃菜、再吃肉、最后吃主食，餐后血糖更平稳。</p>' +
      '<h2>蛋白质：一掌心</h2><ul><li>鱼、禽、蛋、豆制品交替</li><li>少吃肥肉和加工肉制品</li></ul>' +
      '<p>记得定期复查糖化血红蛋白（HbA1c），一般每 3 个月一次。</p>',
    tags: ['糖尿病', '饮食'],
    departments: ['ENDO'],
    language: 'zh-CN',
    daysAgo: 4,
  },
  {
    title: '膝关节疼痛：哪些运动适合，哪些要避免',
    summary: '膝骨关节炎患者并非不能运动，选对方式反而能减轻疼痛。',
    body:
      '<h2>推荐</h2><ul><li>游泳、水中行走</li><li>骑固定自行车</li><li>坐位伸膝练习：每组 10 次，每天 3 组</li></ul>' +
      '<h2>尽量避免</h2><ul><li>爬山、爬楼梯</li><li>深蹲、跪坐</li><li>长时间站立</li></ul>' +
      '<p>体重每减轻 1 公斤，膝关节在行走时承受的压力可减轻约 4 公斤。</p>',
    tags: ['关节炎', '运动'],
    departments: ['ORTH'],
    language: 'zh-CN',
    daysAgo: 7,
  },
  {
    title: '流感季，儿童发烧时家长该怎么做',
    summary: '体温多少需要吃退烧药？什么情况必须马上就医？一文说清。',
    body:
      '<h2>先看精神状态</h2><p>孩子发烧但精神好、能吃能玩，可以先在家观察，多喝水、适当减少衣物。</p>' +
      '<h2>退烧药的使用</h2><p>体温超过 38.5℃ 或孩子明显不适时，可按体重使用对乙酰氨基酚或布洛芬，两次用药间隔至少 4–6 小时。</p>' +
      '<h2>这些情况请立即就医</h2><ul><li>3 个月以下婴儿发热</li><li>抽搐、嗜睡、呼吸急促</li><li>高热持续超过 3 天</li></ul>',
    tags: ['流感', '儿童'],
    departments: ['PEDS'],
    language: 'zh-CN',
    daysAgo: 10,
  },
  {
    title: 'Keeping your blood pressure in check this winter',
    summary: 'Cold weather narrows blood vessels. Measure regularly, go easy on salt and keep taking your medicine.',
    body:
      '<h2>Why winter matters</h2><p>Blood pressure rises as temperatures fall, and it peaks in the early morning.</p>' +
      '<h2>Three habits</h2><ol><li><strong>Measure at the same time every day</strong> and bring the record to your visit.</li>' +
      '<li><strong>Less than 5 g of salt a day.</strong></li><li><strong>Keep taking your medicine</strong>, even when a reading looks normal.</li></ol>' +
      '<blockquote>Sudden severe headache, chest pain or weakness on one side: call 120 at once.</blockquote>',
    tags: ['高血压', 'Hypertension'],
    departments: ['CARD'],
    language: 'en',
    daysAgo: 3,
  },
];

/** A few published health-education articles, written by marketing and reviewed by a cardiologist, so 健康科普 has a feed. */
export async function seedDemoArticles(m: EntityManager, now: Date): Promise<void> {
  const [author, reviewer] = await Promise.all([
    m.getRepository(StaffMember).findOneByOrFail({ username: 'marketing.liu' }),
    m.getRepository(StaffMember).findOneByOrFail({ username: 'doctor.zhang' }),
  ]);
  const departments = new Map((await m.getRepository(Department).find()).map((d) => [d.code, d.id]));
  for (const a of ARTICLES) {
    const publishedAt = new Date(now.getTime() - a.daysAgo * 86_400_000);
    await m.insert(
      Article,
      m.getRepository(Article).create({
        status: 'published',
        title: a.title,
        summary: a.summary,
        body: sanitizeArticleHtml(a.body),
        tags: a.tags,
        departmentIds: a.departments.flatMap((code) => departments.get(code) ?? []),
        language: a.language,
        authorStaffId: author.id,
        reviewerStaffId: reviewer.id,
        submittedAt: publishedAt,
        publishedAt,
      }),
    );
  }
}
