export const CONSULT_START_PAGE = '/packages/consult/pages/start/index';
export const CONSULT_CHAT_PAGE = '/packages/consult/pages/chat/index';
export const CONSULT_LIST_PAGE = '/packages/consult/pages/list/index';

export { handOffPayment, takePayment } from '../../services/payment-handoff';
