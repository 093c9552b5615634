import { ApiProblem } from '../api/client';
import { CHECK_ADVICE, type NextStep } from './check-advice';
import { LivenessNotPassed, LivenessUnsupported } from './liveness';

export interface CheckOutcome {
  passed: boolean;
  headline: string;
  advice: string;
  next: NextStep;
}

export function outcomeOf(error: unknown): CheckOutcome {
  if (error instanceof ApiProblem) {
    const known = CHECK_ADVICE[error.code];
    if (known !== undefined) return { passed: false, ...known };
    return { passed: false, headline: error.title, advice: error.detail || '请稍后重试，或联系工作人员。', next: 'retry' };
  }
  // The service's own Chinese reason (still photo, movement missing, burst replayed…): the person tries again.
  if (error instanceof LivenessNotPassed) return { passed: false, headline: '活体检测未通过', advice: error.message, next: 'retry' };
  if (error instanceof LivenessUnsupported) return { passed: false, headline: '需要先完成活体检测', advice: `${error.message}也可联系培训机构工作人员人工补录。`, next: 'staff' };
  return { passed: false, headline: '网络连接失败', advice: '请检查网络后重试。', next: 'retry' };
}
