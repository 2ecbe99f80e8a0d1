/** The mini-programs the simulator knows: WeChat answers 40013 / 40125 for anything else. */
export interface AppCredentials {
  appid: string;
  secret: string;
}

export class AppRegistry {
  private readonly apps = new Map<string, AppCredentials>();

  constructor(apps: readonly AppCredentials[]) {
    if (apps.length === 0) throw new Error('wechat-sim: at least one app is required');
    for (const app of apps) {
      if (this.apps.has(app.appid)) throw new Error(`wechat-sim: app ${app.appid} is configured twice`);
      this.apps.set(app.appid, { ...app });
    }
  }

  /** The first configured app: the default for control calls that do not name one. */
  get primary(): AppCredentials {
    return this.list()[0]!;
  }

  list(): AppCredentials[] {
    return [...this.apps.values()];
  }

  has(appid: string): boolean {
    return this.apps.has(appid);
  }

  /** 0 when the credentials are right, otherwise WeChat's errcode. */
  verify(appid: string, secret: string): number {
    const app = this.apps.get(appid);
    if (!app) return 40013;
    return app.secret === secret ? 0 : 40125;
  }
}
