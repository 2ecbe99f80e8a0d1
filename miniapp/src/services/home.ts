import type { OrderView, Page, PatientHome } from '@yiban/shared';
import { patientApi } from './api';

/** 首页: what is next for the acting profile (X-Patient-Id), most urgent first. */
export const getHome = () => patientApi.get<PatientHome>('/me/home');

/** 我的订单: the account's payments and refunds, newest first, page by page. */
export const listOrders = (cursor: string | null, limit = 20) =>
  patientApi.get<Page<OrderView>>('/me/orders', { query: { limit, cursor: cursor ?? undefined } });
