export { publishWorkingCalendarHandler as handler } from './working-calendar';
