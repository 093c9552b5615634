export { getWorkingCalendarHandler as handler } from './working-calendar';
