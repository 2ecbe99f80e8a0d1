import { ApiProperty } from '@nestjs/swagger';
import {
  MESSAGE_KINDS,
  SUBSCRIBE_RESULTS,
  type MessageKind,
  type RecordSubscriptionsRequest,
  type SubscribeResult,
  type SubscriptionGrantView,
} from '@yiban/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsString, Length, registerDecorator, type ValidationOptions } from 'class-validator';

/** Every value of the object is one of `allowed`, with at most `max` keys of bounded length. */
function IsResultMap(allowed: readonly string[], max: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isResultMap',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must map template ids to one of ${allowed.join(', ')}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length >= 1 &&
          Object.keys(value).length <= max &&
          Object.entries(value).every(([k, v]) => k.length >= 1 && k.length <= 128 && typeof v === 'string' && allowed.includes(v)),
      },
    });
}

export class RecordSubscriptionsDto implements RecordSubscriptionsRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 3, description: 'Template ids asked in one popup' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  templateIds: string[];

  @ApiProperty({ example: { ApptReminder_f60YExvZyWsnpoiq_FJWZD2CZhnYJM: 'accept' }, additionalProperties: { enum: [...SUBSCRIBE_RESULTS] } })
  @IsObject()
  @IsResultMap(SUBSCRIBE_RESULTS, 3)
  results: Record<string, SubscribeResult>;
}

export class SubscriptionGrantDto implements SubscriptionGrantView {
  @ApiProperty({ enum: MESSAGE_KINDS }) messageKind: MessageKind;
  @ApiProperty() templateId: string;
  @ApiProperty({ enum: ['one_time', 'long_term'] }) kind: 'one_time' | 'long_term';
  @ApiProperty() remaining: number;
  @ApiProperty() longTerm: boolean;
  @ApiProperty({ enum: SUBSCRIBE_RESULTS, nullable: true }) lastResult: SubscribeResult | null;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}
