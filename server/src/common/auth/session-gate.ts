import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ClusterEvents } from '../realtime/cluster-events.js';
import { AccessDirectory } from './access-directory.js';

const ENDED = 'sessions.ended';

/**
 * Whether a session is still alive, asked on every authenticated request and socket. An instance trusts its last look
 * for `SESSION_CHECK_CACHE_MS`; when a session ends (logout, a disabled account, new roles or password, a reused
 * refresh token) every instance is told at once and forgets it, so the very next request with its token is refused.
 */
@Injectable()
export class SessionGate implements OnApplicationBootstrap {
  private readonly seen = new Map<string, { active: boolean; at: number }>();
  private readonly endedListeners: ((sessionIds: string[]) => void)[] = [];

  constructor(
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cluster.subscribe(ENDED, (payload) => {
      const ids = Array.isArray(payload) ? payload.filter((id): id is string => typeof id === 'string') : [];
      for (const id of ids) this.seen.set(id, { active: false, at: Date.now() });
      for (const listener of this.endedListeners) listener(ids);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cluster.ready();
  }

  async isActive(sessionId: string): Promise<boolean> {
    const cached = this.seen.get(sessionId);
    const ttl = this.config.auth.sessionCheckCacheMs;
    if (cached && (!cached.active || Date.now() - cached.at < ttl)) return cached.active;
    const active = await this.directory.sessionActive(sessionId);
    if (this.seen.size > 50_000) this.seen.clear();
    this.seen.set(sessionId, { active, at: Date.now() });
    return active;
  }

  /** Tells every instance these sessions have ended (after the revocation committed). */
  async ended(sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    for (const id of sessionIds) this.seen.set(id, { active: false, at: Date.now() });
    await this.cluster.publish(ENDED, sessionIds);
  }

  /** Called with the ids of sessions that ended anywhere (the chat socket closes theirs). */
  onEnded(listener: (sessionIds: string[]) => void): void {
    this.endedListeners.push(listener);
  }
}
