export { importSkillUpgradeHandler as handler } from './http';
