import { Column, Entity } from 'typeorm';
import { InstantColumn } from '../../common/database/columns.js';

/**
 * The WeChat access token, shared by every server instance. `leaseOwner/leaseUntil` make sure
 * exactly one instance fetches a new token; the others wait for it and read it from here.
 */
@Entity('wechat_access_tokens')
export class WechatAccessToken {
  @Column({ type: 'varchar', length: 32, primary: true }) appid: string;

  @Column({ type: 'varchar', length: 512, nullable: true }) accessToken: string | null = null;

  @InstantColumn({ nullable: true }) expiresAt: Date | null = null;

  @Column({ type: 'varchar', length: 64, nullable: true }) leaseOwner: string | null = null;

  @InstantColumn({ nullable: true }) leaseUntil: Date | null = null;
}
