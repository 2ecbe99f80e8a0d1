import type { CreateSegmentRequest, Page, SegmentCountResponse, SegmentFieldView, SegmentRule, SegmentView, UpdateSegmentRequest } from '@yiban/shared';
import { staffApi } from './api';

/** Segments in the console (marketing, admins): counts only, never patients. */
export const segmentFields = () => staffApi.get<SegmentFieldView[]>('/segments/fields');

export const countSegment = (rule: SegmentRule) => staffApi.post<SegmentCountResponse>('/segments/count', { rule });

export const listSegments = (query: { cursor?: string; limit?: number } = {}) => staffApi.get<Page<SegmentView>>('/segments', { query: { ...query } });

/** Never repeated by the request module: a second try would save the segment twice. */
export const createSegment = (body: CreateSegmentRequest) => staffApi.post<SegmentView>('/segments', body, { retry: false });

export const updateSegment = (id: string, body: UpdateSegmentRequest) =>
  staffApi.patch<SegmentView>(`/segments/${encodeURIComponent(id)}`, body, { retry: false });

export const recountSegment = (id: string) => staffApi.post<SegmentView>(`/segments/${encodeURIComponent(id)}/recount`, undefined, { retry: false });

export const deleteSegment = (id: string) => staffApi.delete<void>(`/segments/${encodeURIComponent(id)}`, { retry: false });
