import type {
  CannedReplyView,
  ConsultationEligibility,
  ConsultationView,
  ConsultationWithPayment,
  ConsultMessagesPage,
  ConsultMessageView,
  ConsultPatientSummary,
  ConsultReviewItem,
  CreateCannedReplyRequest,
  CreateConsultationRequest,
  InboxBox,
  InboxPage,
  TransferConsultationRequest,
  TransferTarget,
} from '@yiban/shared';
import { patientApi, staffApi } from './api';
import type { UploadFile } from './http';
import type { ApiClient } from './request';

/** In-chat consultations: the patient's side (acting profile via X-Patient-Id), the staff console, and what both share. */

const id = (value: string) => encodeURIComponent(value);

/** The thread endpoints patients and staff both use, each through their own session. */
export interface ChatApi {
  get(consultationId: string): Promise<ConsultationView>;
  messages(consultationId: string, query?: { afterSeq?: number; beforeSeq?: number; limit?: number }): Promise<ConsultMessagesPage>;
  send(consultationId: string, text: string, clientId: string): Promise<ConsultMessageView>;
  /** `clientId` (a form field beside `file`) makes a repeated upload return the first message. */
  sendImage(consultationId: string, file: UploadFile, clientId: string): Promise<ConsultMessageView>;
  markRead(consultationId: string, seq: number): Promise<void>;
  close(consultationId: string): Promise<ConsultationView>;
}

export function chatApi(client: ApiClient): ChatApi {
  return {
    get: (consultationId) => client.get<ConsultationView>(`/consultations/${id(consultationId)}`),
    messages: (consultationId, query = {}) => client.get<ConsultMessagesPage>(`/consultations/${id(consultationId)}/messages`, { query }),
    // Safe to repeat: the same clientId returns the first message (the request module retries 429/503 by itself).
    send: (consultationId, text, clientId) => client.post<ConsultMessageView>(`/consultations/${id(consultationId)}/messages`, { text, clientId }),
    sendImage: (consultationId, file, clientId) =>
      client.upload<ConsultMessageView>(`/consultations/${id(consultationId)}/images`, file, { fields: { clientId }, retry: false }),
    markRead: (consultationId, seq) => client.post<void>(`/consultations/${id(consultationId)}/read`, { seq }, { retry: false }),
    close: (consultationId) => client.post<ConsultationView>(`/consultations/${id(consultationId)}/close`, undefined, { retry: false }),
  };
}

export const patientChat = chatApi(patientApi);
export const staffChat = chatApi(staffApi);

// ---------------------------------------------------------------- patient

export const getConsultationForPatient = (consultationId: string) => patientChat.get(consultationId);

export const getEligibility = (departmentId: string) => patientApi.get<ConsultationEligibility>('/consultations/eligibility', { query: { departmentId } });

/** The key makes a repeated tap (or a retry after a lost answer) return the same consultation. */
export const startConsultation = (body: CreateConsultationRequest, idempotencyKey: string) =>
  patientApi.post<ConsultationWithPayment>('/consultations', body, { idempotencyKey });

export const payConsultation = (consultationId: string) =>
  patientApi.post<ConsultationWithPayment>(`/consultations/${id(consultationId)}/pay`, undefined, { retry: false });

export const listMyConsultations = (status?: 'open' | 'closed') => patientApi.get<ConsultationView[]>('/consultations', { query: { status } });

export const rateConsultation = (consultationId: string, score: number, comment?: string) =>
  patientApi.post<ConsultationView>(`/consultations/${id(consultationId)}/rating`, comment ? { score, comment } : { score }, { retry: false });

// ---------------------------------------------------------------- staff

export const listInbox = (box: InboxBox, departmentId?: string | null) =>
  staffApi.get<InboxPage>('/staff/consultations', { query: { box, departmentId: departmentId ?? undefined } });

export const claimConsultation = (consultationId: string) =>
  staffApi.post<ConsultationView>(`/consultations/${id(consultationId)}/claim`, undefined, { retry: false });

export const listTransferTargets = (consultationId: string) => staffApi.get<TransferTarget[]>(`/consultations/${id(consultationId)}/transfer-targets`);

export const transferConsultation = (consultationId: string, body: TransferConsultationRequest) =>
  staffApi.post<ConsultationView>(`/consultations/${id(consultationId)}/transfer`, body, { retry: false });

export const addNote = (consultationId: string, text: string) =>
  staffApi.post<ConsultMessageView>(`/consultations/${id(consultationId)}/notes`, { text }, { retry: false });

export const getPatientSummary = (consultationId: string) => staffApi.get<ConsultPatientSummary>(`/consultations/${id(consultationId)}/patient-summary`);

export const listCannedReplies = () => staffApi.get<CannedReplyView[]>('/staff/canned-replies');

export const createCannedReply = (body: CreateCannedReplyRequest) => staffApi.post<CannedReplyView>('/staff/canned-replies', body, { retry: false });

export const deleteCannedReply = (replyId: string) => staffApi.delete(`/staff/canned-replies/${id(replyId)}`);

export const listReviews = () => staffApi.get<ConsultReviewItem[]>('/staff/consult-reviews');

export const decideReview = (messageId: string, decision: 'approve' | 'reject') =>
  staffApi.post<ConsultMessageView>(`/staff/consult-reviews/${id(messageId)}`, { decision }, { retry: false });
