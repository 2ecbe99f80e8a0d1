import { AppRegistry, type AppCredentials } from './apps.js';
import { CallLog } from './call-log.js';
import { SimClock } from './clock.js';
import { OneTimeCodes } from './codes.js';
import { FaultRules } from './faults.js';
import { newLoginCode, newPhoneCode } from './ids.js';
import { Inbox } from './inbox.js';
import { MediaChecks } from './media-check.js';
import { MessagePush } from './message-push.js';
import { PayLedger } from './pay/ledger.js';
import { MinuteQuota } from './rate-limit.js';
import { SendLimits } from './send-limits.js';
import { SubscriptionLedger } from './subscriptions.js';
import { TemplateRegistry } from './templates.js';
import { AccessTokens } from './tokens.js';
import { UserStore } from './users.js';

const CODE_TTL_MS = 5 * 60_000;
const LOGINS_PER_USER_PER_MINUTE = 100;

/**
 * Everything the simulator remembers. All of it lives in memory; `reset` forgets it (templates go back to the
 * defaults, pending WeChat Pay notifications and refunds are cancelled), apps and keys stay.
 */
export class SimState {
  readonly clock = new SimClock();
  readonly apps: AppRegistry;
  readonly users = new UserStore();
  readonly loginCodes = new OneTimeCodes(this.clock, CODE_TTL_MS, newLoginCode);
  readonly phoneCodes = new OneTimeCodes(this.clock, CODE_TTL_MS, newPhoneCode);
  readonly loginQuota = new MinuteQuota(this.clock, LOGINS_PER_USER_PER_MINUTE);
  readonly tokens = new AccessTokens(this.clock);
  readonly faults = new FaultRules();
  readonly templates = new TemplateRegistry();
  readonly subscriptions = new SubscriptionLedger();
  readonly inbox = new Inbox();
  readonly sendLimits = new SendLimits(this.clock);
  /** WeChat Pay: orders, refunds, notifications, its settings and pending timers. */
  readonly pay = new PayLedger();
  /** Each app's message-push URL and token, and the events pushed there. */
  readonly push = new MessagePush(this.clock);
  /** media_check_async: requests, verdict rules, the delay before a verdict. */
  readonly mediaChecks = new MediaChecks(this.clock, this.push);
  /** Kept across resets: it is a debugging record, not simulated state. */
  readonly log = new CallLog();

  constructor(apps: readonly AppCredentials[]) {
    this.apps = new AppRegistry(apps);
  }

  reset(): void {
    this.clock.reset();
    this.users.clear();
    this.loginCodes.clear();
    this.phoneCodes.clear();
    this.loginQuota.clear();
    this.tokens.clear();
    this.faults.clear();
    this.templates.reset();
    this.subscriptions.clear();
    this.inbox.clear();
    this.sendLimits.reset();
    this.pay.reset();
    this.mediaChecks.reset();
    this.push.reset();
  }
}
