import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ARTICLE_BODY_MAX,
  ARTICLE_LANGUAGES,
  ARTICLE_READ_SECONDS_MAX,
  ARTICLE_STATUSES,
  ARTICLE_SUMMARY_MAX,
  ARTICLE_TAG_PATTERN,
  ARTICLE_TAGS_MAX,
  ARTICLE_TITLE_MAX,
  type ApproveArticleRequest,
  type ArticleLanguage,
  type ArticleStatus,
  type CreateArticleRequest,
  type RecordArticleReadRequest,
  type RejectArticleRequest,
  type UpdateArticleRequest,
} from '@yiban/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';
export { IdParam } from '../../common/http/params.js';

const HTTPS_URL = /^https:\/\/[^\s<>"']{1,490}$/;
/** `{publishedAt ms}.{id}` (public lists) or `{rank}.{publishedAt ms}.{id}` (the feed). */
const CURSOR = /^(?:\d\.)?\d{1,15}\.[0-9A-HJKMNP-TV-Z]{26}$/;
/** A query-string number: digits only, anything else left as a string so validation refuses it. */
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value);

export class CoverParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) coverId: string;
}

class ArticleFields {
  @ApiPropertyOptional({ maxLength: ARTICLE_SUMMARY_MAX })
  @Optional()
  @IsString()
  @MaxLength(ARTICLE_SUMMARY_MAX)
  @NotBlank()
  summary?: string;

  @ApiPropertyOptional({ type: [String], maxItems: ARTICLE_TAGS_MAX, description: 'Condition tags: letters, digits, spaces, - and ·, at most 20 characters' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(ARTICLE_TAGS_MAX)
  @IsString({ each: true })
  @Matches(ARTICLE_TAG_PATTERN, { each: true, message: 'each tag must be 1–20 letters, digits, spaces, - or ·' })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(ID, { each: true, message: 'each must be a department id' })
  departmentIds?: string[];

  @ApiPropertyOptional({ enum: ARTICLE_LANGUAGES }) @Optional() @IsIn(ARTICLE_LANGUAGES) language?: ArticleLanguage;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'An https address (or upload one: POST /articles/{id}/cover); null removes the cover' })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @Matches(HTTPS_URL, { message: 'must be an https address' })
  coverUrl?: string | null;
}

export class CreateArticleDto extends ArticleFields implements CreateArticleRequest {
  @ApiProperty({ maxLength: ARTICLE_TITLE_MAX }) @IsString() @Length(1, ARTICLE_TITLE_MAX) @NotBlank() title: string;

  @ApiProperty({ maxLength: ARTICLE_BODY_MAX, description: 'HTML; sanitised on the server' })
  @IsString()
  @Length(1, ARTICLE_BODY_MAX)
  @NotBlank()
  body: string;
}

export class UpdateArticleDto extends ArticleFields implements UpdateArticleRequest {
  @ApiPropertyOptional({ maxLength: ARTICLE_TITLE_MAX }) @Optional() @IsString() @Length(1, ARTICLE_TITLE_MAX) @NotBlank() title?: string;

  @ApiPropertyOptional({ maxLength: ARTICLE_BODY_MAX, description: 'HTML; sanitised on the server' })
  @Optional()
  @IsString()
  @Length(1, ARTICLE_BODY_MAX)
  @NotBlank()
  body?: string;
}

export class ApproveArticleDto implements ApproveArticleRequest {
  @ApiPropertyOptional({ description: 'Publish at this instant instead of now (ISO 8601); a past instant publishes now' })
  @Optional()
  @IsString()
  @IsISO8601({ strict: true, strictSeparator: true })
  publishAt?: string;
}

export class RejectArticleDto implements RejectArticleRequest {
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) @NotBlank() comment: string;
}

export class RecordReadDto implements RecordArticleReadRequest {
  @ApiProperty({ minimum: 1, maximum: ARTICLE_READ_SECONDS_MAX }) @IsInt() @Min(1) @Max(ARTICLE_READ_SECONDS_MAX) seconds: number;

  @ApiPropertyOptional({ description: 'The campaign that brought the patient (the landing link’s `c`)' })
  @Optional()
  @IsString()
  @Matches(ID, { message: 'must be a campaign id' })
  campaignId?: string;
}

export class PublicArticlesQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ARTICLE_TAG_PATTERN, { message: 'must be a tag' }) tag?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
  @ApiPropertyOptional({ enum: ARTICLE_LANGUAGES }) @Optional() @IsIn(ARTICLE_LANGUAGES) language?: ArticleLanguage;
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Transform(toInt) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Matches(CURSOR) cursor?: string;
}

export class FeedQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ARTICLE_TAG_PATTERN, { message: 'must be a tag' }) tag?: string;
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Transform(toInt) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Matches(CURSOR) cursor?: string;
}

export class PageQuery {
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Transform(toInt) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Matches(ID) cursor?: string;
}

export class StaffArticlesQuery {
  @ApiPropertyOptional({ enum: ARTICLE_STATUSES }) @Optional() @IsIn(ARTICLE_STATUSES) status?: ArticleStatus;
  @ApiPropertyOptional({ description: 'Words in the title' }) @Optional() @IsString() @Length(1, 40) @NotBlank() q?: string;
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @Optional() @Transform(toInt) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Matches(ID) cursor?: string;
}
