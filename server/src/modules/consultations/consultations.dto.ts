import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANNED_REPLY_SCOPES,
  CONSULT_TEXT_MAX_CHARS,
  CONSULTATION_KINDS,
  INBOX_BOXES,
  type CannedReplyScope,
  type ConsultationKind,
  type CreateCannedReplyRequest,
  type CreateConsultationRequest,
  type InboxBox,
  type MarkReadRequest,
  type PostConsultMessageRequest,
  type PostConsultNoteRequest,
  type RateConsultationRequest,
  type ReviewDecisionRequest,
  type TransferConsultationRequest,
} from '@yiban/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { ID } from '../../common/http/params.js';
export { IdParam } from '../../common/http/params.js';

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A query-string number: digits only, anything else left as a string so validation refuses it. */
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value);

export class ImageParams {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) messageId: string;
}

export class ImageQuery {
  @ApiProperty({ description: 'Expiry, seconds since the epoch' }) @Transform(toInt) @IsInt() @Min(0) exp: number;
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a signature' }) sig: string;
}

export class EligibilityQuery {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId: string;
}

export class CreateConsultationDto implements CreateConsultationRequest {
  @ApiProperty({ enum: CONSULTATION_KINDS }) @IsIn(CONSULTATION_KINDS) kind: ConsultationKind;
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId: string;
  @ApiPropertyOptional({ description: 'A doctor of that department; absent → the department’s pool' })
  @Optional()
  @IsString()
  @Matches(ID, { message: 'must be an id' })
  doctorId?: string;
  @ApiProperty({ minLength: 5, maxLength: CONSULT_TEXT_MAX_CHARS, description: 'The first question (checked by WeChat content security)' })
  @IsString()
  @Length(5, CONSULT_TEXT_MAX_CHARS)
  @NotBlank()
  question: string;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(CLIENT_ID, { message: 'must be 8–64 letters, digits, - or _' }) clientId?: string;
}

export class ListConsultationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}

export class MessagesQuery {
  @ApiPropertyOptional({ description: 'Messages after this seq, oldest first (catch-up)' }) @Optional() @Transform(toInt) @IsInt() @Min(0) afterSeq?: number;
  @ApiPropertyOptional({ description: 'Messages before this seq (older history)' }) @Optional() @Transform(toInt) @IsInt() @Min(1) beforeSeq?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @Optional() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class PostMessageDto implements PostConsultMessageRequest {
  @ApiProperty({ minLength: 1, maxLength: CONSULT_TEXT_MAX_CHARS })
  @IsString()
  @Length(1, CONSULT_TEXT_MAX_CHARS)
  @NotBlank()
  text: string;
  @ApiPropertyOptional({ description: 'Sending the same clientId again returns the first message' })
  @Optional()
  @IsString()
  @Matches(CLIENT_ID, { message: 'must be 8–64 letters, digits, - or _' })
  clientId?: string;
}

/** The text fields of the image upload (multipart). */
export class ImageUploadDto {
  @ApiPropertyOptional() @Optional() @IsString() @Matches(CLIENT_ID, { message: 'must be 8–64 letters, digits, - or _' }) clientId?: string;
}

export class PostNoteDto implements PostConsultNoteRequest {
  @ApiProperty({ maxLength: CONSULT_TEXT_MAX_CHARS })
  @IsString()
  @Length(1, CONSULT_TEXT_MAX_CHARS)
  @NotBlank()
  text: string;
}

export class MarkReadDto implements MarkReadRequest {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000_000) seq: number;
}

export class RateDto implements RateConsultationRequest {
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) score: number;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @IsString() @MaxLength(500) @NotBlank() comment?: string;
}

export class TransferDto implements TransferConsultationRequest {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) staffId: string;
  @ApiPropertyOptional({ maxLength: 500 }) @Optional() @IsString() @MaxLength(500) @NotBlank() note?: string;
}

export class InboxQuery {
  @ApiPropertyOptional({ enum: INBOX_BOXES, default: 'mine' }) @Optional() @IsIn(INBOX_BOXES) box?: InboxBox;
  @ApiPropertyOptional() @Optional() @IsString() @Matches(ID, { message: 'must be an id' }) departmentId?: string;
}

export class CreateCannedReplyDto implements CreateCannedReplyRequest {
  @ApiProperty({ enum: CANNED_REPLY_SCOPES }) @IsIn(CANNED_REPLY_SCOPES) scope: CannedReplyScope;
  @ApiProperty({ maxLength: 40 }) @IsString() @Length(1, 40) @NotBlank() title: string;
  @ApiProperty({ maxLength: CONSULT_TEXT_MAX_CHARS })
  @IsString()
  @Length(1, CONSULT_TEXT_MAX_CHARS)
  @NotBlank()
  text: string;
}

export class ReviewParams {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) messageId: string;
}

export class ReviewDecisionDto implements ReviewDecisionRequest {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
}
