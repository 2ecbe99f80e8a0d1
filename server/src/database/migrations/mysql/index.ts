import { Initial1795362576462 } from './1795362576462-Initial.js';
import { Jobs1795363577406 } from './1795363577406-Jobs.js';
import { SubscriptionGrants1795365509252 } from './1795365509252-SubscriptionGrants.js';
import { MessageDeliveries1795365684961 } from './1795365684961-MessageDeliveries.js';
import { DeliveryChannel1795366821293 } from './1795366821293-DeliveryChannel.js';
import { Scheduling1795366981968 } from './1795366981968-Scheduling.js';
import { Appointments1795367132807 } from './1795367132807-Appointments.js';
import { PatientTimeZone1795367890791 } from './1795367890791-PatientTimeZone.js';
import { BookingPaymentsWaitlistVisits1795370371040 } from './1795370371040-BookingPaymentsWaitlistVisits.js';
import { Consultations1795375439569 } from './1795375439569-Consultations.js';
import { SecondWaveBase1796577768832 } from './1796577768832-SecondWaveBase.js';
import { RealNameProfiles1796583104748 } from './1796583104748-RealNameProfiles.js';
import { MediaCheck1796583628934 } from './1796583628934-MediaCheck.js';
import { CheckInNumbers1796600000001 } from './1796600000001-CheckInNumbers.js';
import { CatalogEnglish1796610000001 } from './1796610000001-CatalogEnglish.js';

export const MYSQL_MIGRATIONS: (new () => unknown)[] = [Initial1795362576462, Jobs1795363577406, SubscriptionGrants1795365509252, MessageDeliveries1795365684961, DeliveryChannel1795366821293, Scheduling1795366981968, Appointments1795367132807, PatientTimeZone1795367890791, BookingPaymentsWaitlistVisits1795370371040, Consultations1795375439569, SecondWaveBase1796577768832, RealNameProfiles1796583104748, MediaCheck1796583628934, CheckInNumbers1796600000001, CatalogEnglish1796610000001];
