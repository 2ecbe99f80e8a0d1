import type { Router } from '../http/router.js';
import type { SimKeys } from '../keys.js';
import type { SimState } from '../state.js';

export interface SimContext {
  state: SimState;
  keys: SimKeys;
}

/** One area of the simulator (a WeChat API family, or the control API) adding its routes. */
export type Surface = (router: Router, sim: SimContext) => void;
