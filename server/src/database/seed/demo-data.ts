import { Transactions } from '../../common/database/transactions.js';
import type { DoctorTitle, StaffRole, VisitTypeFee } from '@yiban/shared';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { FieldCipher } from '../../integrations/crypto/field-cipher.js';
import { PasswordHasher } from '../../integrations/crypto/password-hasher.js';
import { Department } from '../../modules/catalog/department.entity.js';
import { Doctor } from '../../modules/catalog/doctor.entity.js';
import { Consent } from '../../modules/consents/consent.entity.js';
import { foldConsentStates } from '../../modules/consents/consent-state.entity.js';
import { syncPatientSegmentProfiles } from '../../modules/patients/patient-segment-profile.js';
import { Patient } from '../../modules/patients/patient.entity.js';
import { WechatAccount } from '../../modules/patients/wechat-account.entity.js';
import { StaffMember } from '../../modules/staff/staff-member.entity.js';
import { seedDemoArticles } from './demo-articles.js';
import { seedDemoCampaigns } from './demo-campaigns.js';
import { CURRENT_CONSENT_VERSIONS } from '@yiban/shared';

/** Every demo staff account signs in with this password (documented in the README). Never seeded in production. */
export const DEMO_STAFF_PASSWORD = 'Yiban-demo-2026';

const fees = (general: number, expert: number, vip?: number): VisitTypeFee[] => [
  { type: 'general', fee: general },
  { type: 'expert', fee: expert },
  ...(vip ? [{ type: 'vip' as const, fee: vip }] : []),
];

const DEPARTMENTS = [
  {
    code: 'CARD',
    name: '心血管内科',
    nameEn: 'Cardiology',
    location: '门诊楼 3 层 A 区',
    locationEn: 'Outpatient Building, floor 3, zone A',
    description: '高血压、冠心病、心律失常、心力衰竭的诊治与长期管理，开设胸痛中心和高血压专病门诊。',
    descriptionEn: 'Hypertension, coronary heart disease, arrhythmia and heart failure, with a chest-pain centre and a hypertension clinic.',
  },
  {
    code: 'ENDO',
    name: '内分泌科',
    nameEn: 'Endocrinology',
    location: '门诊楼 4 层 B 区',
    locationEn: 'Outpatient Building, floor 4, zone B',
    description: '糖尿病、甲状腺疾病、骨质疏松等内分泌代谢疾病，提供糖尿病一体化管理与健康教育。',
    descriptionEn: 'Diabetes, thyroid disease, osteoporosis and other metabolic conditions, with integrated diabetes care and education.',
  },
  {
    code: 'OBGY',
    name: '妇产科',
    nameEn: 'Obstetrics & Gynaecology',
    location: '妇儿楼 2 层',
    locationEn: 'Women’s and Children’s Building, floor 2',
    description: '孕前咨询、产前检查、高危妊娠管理、妇科微创手术与产后康复。',
    descriptionEn: 'Pre-pregnancy counselling, antenatal care, high-risk pregnancy, minimally invasive gynaecological surgery and postnatal recovery.',
  },
  {
    code: 'PEDS',
    name: '儿科',
    nameEn: 'Paediatrics',
    location: '妇儿楼 1 层',
    locationEn: 'Women’s and Children’s Building, floor 1',
    description: '儿童常见病、生长发育评估、儿童保健与疫苗咨询。',
    descriptionEn: 'Common childhood illness, growth and development assessment, child health and vaccination advice.',
  },
  {
    code: 'ORTH',
    name: '骨科',
    nameEn: 'Orthopaedics',
    location: '外科楼 2 层',
    locationEn: 'Surgical Building, floor 2',
    description: '关节置换、运动损伤、脊柱疾病的手术与康复，术后随访由个案管理师跟进。',
    descriptionEn: 'Joint replacement, sports injuries and spine disease, with case-managed follow-up after surgery.',
  },
  {
    code: 'HCHK',
    name: '健康体检中心',
    nameEn: 'Health Check Centre',
    location: '体检楼 1–2 层',
    // No English yet: English readers see the Chinese, marked 'In Chinese' (the fallback rule, ARCHITECTURE.md).
    locationEn: '',
    description: '个人与团体健康体检、慢病风险评估、体检报告解读。',
    descriptionEn: 'Individual and corporate health checks, chronic-disease risk assessment and report reviews.',
  },
];

interface DoctorSeed {
  dept: string;
  name: string;
  nameEn: string;
  title: DoctorTitle;
  specialties: string[];
  specialtiesEn: string[];
  bio: string;
  bioEn: string;
  visitTypes: VisitTypeFee[];
  staff?: { username: string; roles: StaffRole[]; lead?: boolean };
}

const DOCTORS: DoctorSeed[] = [
  {
    dept: 'CARD',
    name: '张伟',
    nameEn: 'Zhang Wei',
    title: 'chief_physician',
    specialties: ['高血压', '冠心病介入治疗'],
    specialtiesEn: ['Hypertension', 'Coronary intervention'],
    bio: '主任医师，医学博士，从事心血管内科临床工作 25 年，擅长难治性高血压和冠心病介入治疗。',
    bioEn: 'Chief physician, MD, PhD; 25 years in cardiology, focused on resistant hypertension and coronary intervention.',
    visitTypes: fees(5000, 10000, 50000),
    staff: { username: 'doctor.zhang', roles: ['doctor'], lead: true },
  },
  {
    dept: 'CARD',
    name: '陈静',
    nameEn: 'Chen Jing',
    title: 'attending_physician',
    specialties: ['心律失常', '心力衰竭管理'],
    specialtiesEn: ['Arrhythmia', 'Heart failure care'],
    bio: '主治医师，擅长心律失常的药物治疗和慢性心力衰竭的长期随访管理。',
    bioEn: 'Attending physician; arrhythmia treatment and long-term follow-up of chronic heart failure.',
    visitTypes: fees(2500, 5000),
  },
  {
    dept: 'ENDO',
    name: '李娜',
    nameEn: 'Li Na',
    title: 'associate_chief_physician',
    specialties: ['2 型糖尿病', '甲状腺结节'],
    specialtiesEn: ['Type 2 diabetes', 'Thyroid nodules'],
    bio: '副主任医师，糖尿病教育团队负责人，擅长糖尿病个体化治疗与胰岛素泵管理。',
    bioEn: 'Associate chief physician leading the diabetes education team; individualised diabetes treatment and insulin pumps.',
    visitTypes: fees(3000, 8000, 30000),
    staff: { username: 'doctor.li', roles: ['doctor'], lead: true },
  },
  {
    dept: 'OBGY',
    name: '王芳',
    nameEn: 'Wang Fang',
    title: 'chief_physician',
    specialties: ['高危妊娠', '产前诊断'],
    specialtiesEn: ['High-risk pregnancy', 'Prenatal diagnosis'],
    bio: '主任医师，从事产科工作 22 年，擅长高危妊娠管理和产前诊断。',
    bioEn: 'Chief physician with 22 years in obstetrics; high-risk pregnancy and prenatal diagnosis.',
    visitTypes: fees(5000, 12000, 60000),
  },
  {
    dept: 'PEDS',
    name: '刘洋',
    nameEn: 'Liu Yang',
    title: 'attending_physician',
    specialties: ['儿童呼吸道感染', '生长发育'],
    specialtiesEn: ['Respiratory infections in children', 'Growth and development'],
    bio: '主治医师，擅长儿童呼吸系统疾病与生长发育评估，门诊耐心细致。',
    bioEn: 'Attending physician; respiratory illness in children and growth assessment, known for patient explanations.',
    visitTypes: fees(2500, 5000),
  },
  {
    dept: 'ORTH',
    name: '赵强',
    nameEn: 'Zhao Qiang',
    title: 'chief_physician',
    specialties: ['膝关节置换', '运动医学'],
    specialtiesEn: ['Knee replacement', 'Sports medicine'],
    bio: '主任医师，完成关节置换手术 3000 余例，重视术后康复与长期随访。',
    bioEn: 'Chief physician with over 3,000 joint replacements; strong focus on rehabilitation and follow-up.',
    visitTypes: fees(5000, 15000, 60000),
  },
  {
    dept: 'HCHK',
    name: '孙丽',
    nameEn: 'Sun Li',
    title: 'associate_chief_physician',
    specialties: ['体检报告解读', '慢病风险评估'],
    specialtiesEn: ['Check-up report review', 'Chronic disease risk'],
    bio: '副主任医师，负责体检报告解读与慢病风险评估，为体检异常人群制定随访计划。',
    // Not yet translated either (see the department above).
    bioEn: '',
    visitTypes: fees(2000, 5000),
  },
];

const OTHER_STAFF: { username: string; displayName: string; roles: StaffRole[]; dept?: string }[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'nurse.wang', displayName: '王护士', roles: ['nurse'], dept: 'CARD' },
  { username: 'cm.chen', displayName: '陈健康管家', roles: ['case_manager'], dept: 'ORTH' },
  { username: 'marketing.liu', displayName: '刘市场', roles: ['marketing'] },
  { username: 'service.zhao', displayName: '赵客服', roles: ['service'] },
];

const PATIENTS = [
  {
    openid: 'oDemo0000000000000000000001',
    name: '王建国',
    gender: 'male' as const,
    birthDate: '1954-08-12',
    phone: '13800138001',
    idType: 'resident_id' as const,
    idNumber: '110101195408120015',
    nationality: 'CHN',
    language: 'zh-CN' as const,
    family: [{ name: '李秀兰', gender: 'female' as const, birthDate: '1956-02-03', relationship: 'spouse' as const, idNumber: '110105195602032321' }],
  },
  {
    openid: 'oDemo0000000000000000000002',
    name: '陈晓梅',
    gender: 'female' as const,
    birthDate: '1988-05-21',
    phone: '13900139002',
    idType: 'resident_id' as const,
    idNumber: '310104198805214525',
    nationality: 'CHN',
    language: 'zh-CN' as const,
    family: [{ name: '陈乐乐', gender: 'male' as const, birthDate: '2019-10-01', relationship: 'child' as const, idNumber: '31010420191001671X' }],
  },
  {
    openid: 'oDemo0000000000000000000003',
    name: 'Emily Carter',
    gender: 'female' as const,
    birthDate: '1979-11-30',
    phone: '+447700900123',
    // An international patient registers with a passport and nationality.
    idType: 'passport' as const,
    idNumber: '533380006',
    nationality: 'GBR',
    language: 'en' as const,
    family: [],
  },
];

/** Fills an empty database with a believable hospital. Returns false (and changes nothing) when data is already there. */
export async function seedDemoData(dataSource: DataSource, config: AppConfig): Promise<boolean> {
  if (config.env === 'production') throw new Error('refusing to seed demo data in production');
  if (await dataSource.getRepository(Department).count()) return false;
  const hasher = new PasswordHasher();
  const cipher = new FieldCipher(config);
  const passwordHash = await hasher.hash(DEMO_STAFF_PASSWORD);
  const now = new Date();
  await new Transactions(dataSource).run(async (m) => {
    const deptIds = new Map<string, string>();
    for (const [i, d] of DEPARTMENTS.entries()) {
      const dept = m.getRepository(Department).create({ ...d, sortOrder: i });
      await m.insert(Department, dept);
      deptIds.set(d.code, dept.id);
    }
    for (const [i, d] of DOCTORS.entries()) {
      const departmentId = deptIds.get(d.dept) ?? '';
      const doctor = m.getRepository(Doctor).create({
        departmentId,
        name: d.name,
        nameEn: d.nameEn,
        title: d.title,
        specialties: d.specialties,
        specialtiesEn: d.specialtiesEn,
        bio: d.bio,
        bioEn: d.bioEn,
        visitTypes: d.visitTypes,
        sortOrder: i,
      });
      await m.insert(Doctor, doctor);
      if (d.staff) {
        const member = m
          .getRepository(StaffMember)
          .create({ username: d.staff.username, passwordHash, displayName: `${d.name}医生`, roles: d.staff.roles, departmentId, doctorId: doctor.id });
        await m.insert(StaffMember, member);
        // Overdue consultations of the department are escalated to its lead.
        if (d.staff.lead) await m.update(Department, { id: departmentId }, { leadStaffId: member.id });
      }
    }
    for (const s of OTHER_STAFF) {
      await m.insert(
        StaffMember,
        m.getRepository(StaffMember).create({
          username: s.username,
          passwordHash,
          displayName: s.displayName,
          roles: s.roles,
          departmentId: s.dept ? (deptIds.get(s.dept) ?? null) : null,
        }),
      );
    }
    for (const p of PATIENTS) {
      const account = m.getRepository(WechatAccount).create({ appid: config.wechat.appid, openid: p.openid, lastLoginAt: now });
      await m.insert(WechatAccount, account);
      const self = m.getRepository(Patient).create({
        accountId: account.id,
        relationship: 'self',
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate,
        language: p.language,
        phoneEnc: cipher.encrypt(p.phone),
        phoneHash: cipher.blindIndex(p.phone),
        idType: p.idType,
        nationality: p.nationality,
        idNumberEnc: cipher.encrypt(p.idNumber),
        idNumberHash: cipher.blindIndex(p.idNumber),
      });
      await m.insert(Patient, self);
      for (const kind of ['privacy_policy', 'health_data'] as const) {
        const decision = m
          .getRepository(Consent)
          .create({ patientId: self.id, kind, version: CURRENT_CONSENT_VERSIONS[kind], granted: true, decidedAt: now, decidedByAccountId: account.id });
        await m.insert(Consent, decision);
        await foldConsentStates(m, [decision]);
      }
      for (const f of p.family) {
        await m.insert(
          Patient,
          m.getRepository(Patient).create({
            accountId: account.id,
            relationship: f.relationship,
            name: f.name,
            gender: f.gender,
            birthDate: f.birthDate,
            language: p.language,
            idType: 'resident_id',
            nationality: 'CHN',
            idNumberEnc: cipher.encrypt(f.idNumber),
            idNumberHash: cipher.blindIndex(f.idNumber),
          }),
        );
      }
    }
    await syncPatientSegmentProfiles(
      m,
      (await m.getRepository(Patient).find({ select: { id: true } })).map((p) => p.id),
    );
    await seedDemoArticles(m, now);
    await seedDemoCampaigns(m, now);
  });
  return true;
}
