// The patients module's public surface: profiles and WeChat accounts are read through PatientsReader.
export { PatientsModule } from './patients.module.js';
export { PatientsReader } from './patients.reader.js';
export { PatientsService } from './patients.service.js';
export { PatientViewDto } from './patients.dto.js';
export type { Patient } from './patient.entity.js';
export { PatientSegmentFacts } from './patient-segment-facts.js';
export { patientIdsAfter, patientSegmentProfile, syncPatientSegmentProfiles } from './patient-segment-profile.js';
export { PatientTagsService } from './patient-tags.service.js';
export { PatientPanel, type PanelFollowUp } from './patient-panel.js';
