// The payments module's public surface: everything sold goes through Checkout.
export { PaymentsModule } from './payments.module.js';
export { Checkout, type Sale, type SaleRequest } from './checkout.js';
export { SpendReader } from './spend.reader.js';
export type { PurposeDefinition, SubjectDescription } from './payment-purposes.js';
export type { Payment, PaymentPurpose } from './payment.entity.js';
export type { PaymentRefund } from './payment-refund.entity.js';
