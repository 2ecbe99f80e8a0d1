import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** An id as the API writes them: a ULID (26 characters of Crockford's base 32). */
export const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A route's `:id`, checked to be an id (a malformed one is a 400, never a lookup). */
export class IdParam {
  @ApiProperty() @IsString() @Matches(ID, { message: 'must be an id' }) id: string;
}
