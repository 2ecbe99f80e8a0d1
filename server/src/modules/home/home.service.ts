import { Inject, Injectable } from '@nestjs/common';
import type { HomeCard, HomeDoctorRepliesCard, HomePaymentDueCard, Locale, PatientHome } from '@yiban/shared';
import type { AccountPrincipal, ActingProfile } from '../../common/auth/principal.js';
import { AppointmentsService } from '../appointments/index.js';
import { ConsultationsService, ConsultViews } from '../consultations/index.js';
import { Notifications } from '../messaging/index.js';

const APPOINTMENT_PAGE = 'packages/booking/pages/appointment/index';
const PAY_APPOINTMENT_PAGE = 'packages/booking/pages/result/index';
const CHAT_PAGE = 'packages/consult/pages/chat/index';
/** Threads named on the replies card; the rest are counted. */
const REPLIES_SHOWN = 3;

/**
 * What is next for the acting profile, most urgent first: money due before a hold runs out, the next visit, unread
 * answers from doctors, other unread messages. Each card comes from the module that owns it; nothing is shown when
 * nothing is due. Later capabilities (surveys, follow-up tasks) add their cards here.
 */
@Injectable()
export class HomeService {
  constructor(
    @Inject(AppointmentsService) private readonly appointments: AppointmentsService,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultViews) private readonly consultViews: ConsultViews,
    @Inject(Notifications) private readonly notifications: Notifications,
  ) {}

  async home(account: AccountPrincipal, patient: ActingProfile, locale: Locale): Promise<PatientHome> {
    const [holds, unpaidConsultations, next, replied, messages] = await Promise.all([
      this.appointments.unpaidHolds(patient.id),
      this.consultations.unpaidFor(patient.id),
      this.appointments.nextVisit(patient.id),
      this.consultations.withUnreadReplies(patient.id),
      this.notifications.unreadSummary(patient, locale, ['doctor_replied']),
    ]);
    const [holdViews, nextView, unpaidViews, repliedViews] = await Promise.all([
      this.appointments.toViews(holds, true),
      next ? this.appointments.toView(next, true) : null,
      this.consultViews.views(unpaidConsultations, account, locale),
      this.consultViews.views(replied, account, locale),
    ]);

    const due: HomePaymentDueCard[] = [
      ...holdViews.map((a) => ({
        kind: 'payment_due' as const,
        purpose: 'appointment' as const,
        amount: a.fee,
        payBefore: a.holdExpiresAt!,
        title: [locale === 'en' ? a.departmentNameEn || a.departmentName : a.departmentName, locale === 'en' ? a.doctorNameEn || a.doctorName : a.doctorName]
          .filter(Boolean)
          .join(' · '),
        link: `${PAY_APPOINTMENT_PAGE}?id=${a.id}&autopay=1`,
        appointment: a,
        consultation: null,
      })),
      ...unpaidViews
        .filter((c) => c.payBefore)
        .map((c) => ({
          kind: 'payment_due' as const,
          purpose: 'consultation' as const,
          amount: c.fee,
          payBefore: c.payBefore!,
          title: [locale === 'en' ? c.departmentNameEn || c.departmentName : c.departmentName, locale === 'en' ? c.doctorNameEn || c.doctorName : c.doctorName]
            .filter(Boolean)
            .join(' · '),
          link: `${CHAT_PAGE}?id=${c.id}`,
          appointment: null,
          consultation: c,
        })),
    ].sort((x, y) => x.payBefore.localeCompare(y.payBefore));

    const cards: HomeCard[] = [...due];
    if (nextView) cards.push({ kind: 'next_visit', appointment: nextView, link: `${APPOINTMENT_PAGE}?id=${nextView.id}` });
    const unread = repliedViews.filter((c) => c.unread > 0);
    if (unread.length) {
      const replies: HomeDoctorRepliesCard = {
        kind: 'doctor_replies',
        total: unread.reduce((sum, c) => sum + c.unread, 0),
        consultations: unread.slice(0, REPLIES_SHOWN),
      };
      cards.push(replies);
    }
    if (messages.count > 0 || messages.otherProfiles > 0) {
      cards.push({
        kind: 'messages',
        count: messages.count,
        otherProfiles: messages.otherProfiles,
        newest: messages.newest ? { id: messages.newest.id, title: messages.newest.title, at: messages.newest.at, link: messages.newest.link } : null,
      });
    }
    return { patientId: patient.id, cards };
  }
}
