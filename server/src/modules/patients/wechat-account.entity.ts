import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, newId } from '../../common/database/columns.js';

/** One WeChat user of the mini-program. It manages one or more patient profiles (self and family). */
@Entity('wechat_accounts')
@Index('uq_wechat_accounts_appid_openid', ['appid', 'openid'], { unique: true })
export class WechatAccount {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 32 }) appid: string;

  @Column({ type: 'varchar', length: 64 }) openid: string;

  @Index('ix_wechat_accounts_unionid')
  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @InstantColumn() lastLoginAt: Date;
}
