import type { Router } from '../http/router.js';
import type { SimKeys } from '../keys.js';
import type { PayService } from '../pay/service.js';
import type { SimState } from '../state.js';

export interface SimContext {
  state: SimState;
  keys: SimKeys;
  /** WeChat Pay's behaviour (orders, payments, refunds, notifications), shared by its API and the control API. */
  pay: PayService;
}

/** One area of the simulator (a WeChat API family, or the control API) adding its routes. */
export type Surface = (router: Router, sim: SimContext) => void;
