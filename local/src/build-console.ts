/** `npm run build:web`: builds the web console when its build is missing or stale. */
import { ensureConsoleBuilt } from '../../web/console-build';

console.log(ensureConsoleBuilt(console.log) ? '网页控制台已构建 / web console built' : '网页控制台已是最新 / web console is up to date');
