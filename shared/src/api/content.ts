import type { Page } from './common.js';

/**
 * Health education (健康科普). Staff write (`marketing`, `admin`), a reviewer other than the author approves (`admin`,
 * or a `doctor` for medical accuracy):
 * `draft → in_review → published | scheduled (publishAt) → archived`; a rejection goes back to `draft` with a comment.
 * Editing a published or scheduled article takes it back to `in_review` (it leaves the feed until approved again).
 */
export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_LANGUAGES = ['zh-CN', 'en'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

export const ARTICLE_TITLE_MAX = 80;
export const ARTICLE_SUMMARY_MAX = 200;
/** The body's HTML, in characters, before sanitising. */
export const ARTICLE_BODY_MAX = 100_000;
export const ARTICLE_TAGS_MAX = 10;
export const ARTICLE_TAG_MAX = 20;
/** A tag: letters (any script), digits, spaces, `-`, `·`. */
export const ARTICLE_TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ·-]{0,19}$/u;
export const ARTICLE_COVER_MAX_BYTES = 5 * 1024 * 1024;
/** One time-on-page report, in seconds, at most (a page left open all night is not eight hours of reading). */
export const ARTICLE_READ_SECONDS_MAX = 3600;

export interface CreateArticleRequest {
  title: string;
  summary?: string;
  /** HTML; sanitised on the server. */
  body: string;
  tags?: string[];
  departmentIds?: string[];
  language?: ArticleLanguage;
  /** An https address; or upload one with `POST /articles/{id}/cover`. */
  coverUrl?: string | null;
}

export type UpdateArticleRequest = Partial<CreateArticleRequest>;

export interface ApproveArticleRequest {
  /** Publish at this instant (ISO 8601) instead of now; a past instant publishes now. */
  publishAt?: string;
}

export interface RejectArticleRequest {
  comment: string;
}

/** What patients and the public read. */
export interface ArticleView {
  id: string;
  title: string;
  summary: string;
  /** Sanitised HTML. */
  body: string;
  coverUrl: string | null;
  tags: string[];
  departmentIds: string[];
  language: ArticleLanguage;
  publishedAt: string | null;
}

/** A card of the feed and of lists (no body). */
export type ArticleCard = Omit<ArticleView, 'body'>;

/** A patient's view of one article. */
export interface PatientArticleView extends ArticleView {
  favourite: boolean;
}

export interface ArticleStats {
  /** Time-on-page reports received. */
  reads: number;
  /** Distinct patients. */
  readers: number;
  /** Average seconds on the page per reader (0 without readers). */
  averageSeconds: number;
  favourites: number;
}

/** What staff see: every status, the workflow's people and the reading figures. */
export interface StaffArticleView extends ArticleView {
  status: ArticleStatus;
  authorStaffId: string;
  authorName: string | null;
  reviewerStaffId: string | null;
  reviewerName: string | null;
  /** The reviewer's comment on the last rejection. */
  reviewComment: string | null;
  publishAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
  stats: ArticleStats;
}

export interface StaffArticlesPage extends Page<StaffArticleView> {
  /** How many articles each status holds (ignoring the status filter, honouring the search). */
  counts: Record<ArticleStatus, number>;
}

export interface RecordArticleReadRequest {
  seconds: number;
  /** The campaign whose message brought the patient here (the `c` parameter of the landing link). */
  campaignId?: string;
}

export type ArticleCardsPage = Page<ArticleCard>;
