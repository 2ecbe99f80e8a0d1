// The patient's home (首页): what is next, composed from the modules that know through their own doors.
export { HomeModule } from './home.module.js';
