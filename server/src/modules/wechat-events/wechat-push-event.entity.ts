import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, newId } from '../../common/database/columns.js';

/**
 * An event WeChat pushed to the message-push URL, kept once per (event, key): WeChat retries a push it thinks was
 * lost, so duplicates are normal; and a verdict can arrive before the module that asked for it has stored its trace
 * id, so the module looks here for one that came early.
 */
@Entity('wechat_push_events')
@Index('uq_wechat_push_events_key', ['event', 'eventKey'], { unique: true })
export class WechatPushEvent {
  @IdColumn() id: string = newId();

  /** WeChat's `Event` (`wxa_media_check`). */
  @Column({ type: 'varchar', length: 64 }) event: string;

  /** What identifies it for its handler (a media check's trace_id). */
  @Column({ type: 'varchar', length: 128 }) eventKey: string;

  /** The event as WeChat sent it (JSON). */
  @Column({ type: 'simple-json' }) payload: Record<string, unknown>;

  @CreatedAtColumn() receivedAt: Date;
}
