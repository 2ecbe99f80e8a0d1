// The surveys module's public surface.
export { SurveysModule } from './surveys.module.js';
export { SurveysService, type AnsweredQuestionnaire, type AnsweredListener } from './surveys.service.js';
export { ServiceQuality, type QualityFigures } from './service-quality.js';
