import type {
  ApproveArticleRequest,
  ArticleCardsPage,
  ArticleStatus,
  CreateArticleRequest,
  PatientArticleView,
  StaffArticlesPage,
  StaffArticleView,
  UpdateArticleRequest,
} from '@yiban/shared';
import { patientApi, staffApi } from './api';
import type { UploadFile } from './http';

/** Health education: the patient's feed, articles, favourites and time on page; the console's library, editor and reviews. */

const id = (value: string) => encodeURIComponent(value);

export const CONTENT_FEED_PAGE = '/packages/content/pages/feed/index';
export const CONTENT_ARTICLE_PAGE = '/packages/content/pages/article/index';
export const CONTENT_FAVOURITES_PAGE = '/packages/content/pages/favourites/index';

// ---------------------------------------------------------------- patients

export const articleFeed = (query: { tag?: string; cursor?: string; limit?: number }) => patientApi.get<ArticleCardsPage>('/me/articles/feed', { query });

export const getArticle = (articleId: string) => patientApi.get<PatientArticleView>(`/me/articles/${id(articleId)}`);

export const favouriteArticle = (articleId: string) => patientApi.post<PatientArticleView>(`/me/articles/${id(articleId)}/favourite`);

export const unfavouriteArticle = (articleId: string) => patientApi.delete(`/me/articles/${id(articleId)}/favourite`);

export const favouriteArticles = (cursor?: string) => patientApi.get<ArticleCardsPage>('/me/articles/favourites', { query: { cursor } });

/** Safe to lose: a report that does not arrive only undercounts the time read. */
export const recordArticleRead = (articleId: string, seconds: number, campaignId?: string) =>
  patientApi.post<void>(`/me/articles/${id(articleId)}/reads`, campaignId ? { seconds, campaignId } : { seconds });

// ---------------------------------------------------------------- staff

export const staffArticles = (query: { status?: ArticleStatus; q?: string; cursor?: string; limit?: number }) =>
  staffApi.get<StaffArticlesPage>('/staff/articles', { query });

export const staffArticle = (articleId: string) => staffApi.get<StaffArticleView>(`/staff/articles/${id(articleId)}`);

export const createArticle = (body: CreateArticleRequest) => staffApi.post<StaffArticleView>('/articles', body);

export const updateArticle = (articleId: string, body: UpdateArticleRequest) =>
  staffApi.request<StaffArticleView>(`/articles/${id(articleId)}`, { method: 'PATCH', body });

export const uploadArticleCover = (articleId: string, file: UploadFile) => staffApi.upload<StaffArticleView>(`/articles/${id(articleId)}/cover`, file);

export const submitArticle = (articleId: string) => staffApi.post<StaffArticleView>(`/articles/${id(articleId)}/submit`);

export const approveArticle = (articleId: string, body: ApproveArticleRequest = {}) =>
  staffApi.post<StaffArticleView>(`/articles/${id(articleId)}/approve`, body);

export const rejectArticle = (articleId: string, comment: string) => staffApi.post<StaffArticleView>(`/articles/${id(articleId)}/reject`, { comment });

export const archiveArticle = (articleId: string) => staffApi.post<StaffArticleView>(`/articles/${id(articleId)}/archive`);
