import type { SegmentRule } from '@yiban/shared';
import type { EntityManager } from 'typeorm';
import { Department } from '../../modules/catalog/department.entity.js';
import { CampaignReview } from '../../modules/campaigns/campaign-review.entity.js';
import { Campaign } from '../../modules/campaigns/campaign.entity.js';
import { Article } from '../../modules/content/article.entity.js';
import { Segment } from '../../modules/segments/segment.entity.js';
import { StaffMember } from '../../modules/staff/staff-member.entity.js';

/**
 * Two saved segments and two campaigns for the console's 人群 and 推送活动: a 中秋 care greeting written by marketing,
 * approved by the admin and scheduled (it sends on the festival's day at 09:00), and a health-education draft that
 * links the demo article on winter blood pressure. Nothing is sent by seeding; the demo patients have not opted in
 * to marketing, so the segments count nobody until someone does (我的 → 设置 → 营销消息).
 */
export async function seedDemoCampaigns(m: EntityManager, now: Date): Promise<void> {
  const [marketing, admin] = await Promise.all([
    m.getRepository(StaffMember).findOneByOrFail({ username: 'marketing.liu' }),
    m.getRepository(StaffMember).findOneByOrFail({ username: 'admin' }),
  ]);
  const card = await m.getRepository(Department).findOneByOrFail({ code: 'CARD' });
  const optedIn: SegmentRule = { field: 'marketingOptIn', op: 'eq', value: true };
  const segment = async (name: string, description: string, rule: SegmentRule) => {
    const row = m.getRepository(Segment).create({ name, description, rule, createdByStaffId: marketing.id });
    await m.insert(Segment, row);
    return row;
  };
  const everyone = await segment('接受营销消息的患者', '所有同意接收营销消息的患者', optedIn);
  const cardiology = await segment('心内科就诊患者', '在心内科就诊过、同意接收营销消息的患者', {
    all: [optedIn, { field: 'visitedDepartmentId', op: 'eq', value: card.id }],
  });

  const greeting = m.getRepository(Campaign).create({
    name: '中秋节关怀问候',
    segmentId: everyone.id,
    messageKind: 'care_greeting',
    content: { title: '中秋快乐', body: '月圆人团圆。医伴祝您和家人中秋安康，节日期间门诊照常开放。' },
    landing: null,
    schedule: { type: 'trigger', trigger: 'festival', festival: 'mid_autumn', sendAt: '09:00' },
    status: 'scheduled',
    authorStaffId: marketing.id,
    scheduledAt: now,
  });
  await m.insert(Campaign, greeting);
  await m.insert(CampaignReview, [
    m.getRepository(CampaignReview).create({ campaignId: greeting.id, action: 'submitted', staffId: marketing.id, comment: null }),
    m.getRepository(CampaignReview).create({ campaignId: greeting.id, action: 'approved', staffId: admin.id, comment: null }),
  ]);

  const article = await m.getRepository(Article).findOne({ where: { status: 'published', title: '冬季血压为什么容易升高？心内科医生教你三招' } });
  await m.insert(
    Campaign,
    m.getRepository(Campaign).create({
      name: '冬季血压管理科普',
      segmentId: cardiology.id,
      messageKind: 'health_education',
      content: { title: '冬季血压为什么容易升高', body: '天冷血管收缩，血压易波动。心内科医生教您三个好习惯，点击阅读。' },
      landing: article ? { type: 'article', id: article.id } : null,
      schedule: { type: 'once' },
      status: 'draft',
      authorStaffId: marketing.id,
    }),
  );
}
