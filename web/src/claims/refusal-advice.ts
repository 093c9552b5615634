/**
 * Why a direct certificate-subsidy claim was refused, for the person on the phone: the service's
 * own Chinese explanation (it names the dates, the occupation, the period), the rule it applied in
 * plain words with its article of the guideline, and what the person can do now.
 */
export interface RefusalAdvice {
  /** The rule in plain words, e.g. 同一职业同一等级只补贴一次. */
  rule: string;
  /** The guideline's article, e.g. 第二十九条; empty when the refusal is not a rule of the guideline. */
  article: string;
  /** What to do now. */
  next: string;
}

export const REFUSAL_ADVICE: Readonly<Record<string, RefusalAdvice>> = {
  CLAIM_ALREADY_SUBSIDISED: {
    rule: '同一人同一职业同一等级只能享受一次补贴（培训补贴、证书直补、参保职工技能提升补贴合并计算）',
    article: '第二十九条',
    next: '该证书对应的补贴已经享受过，无需再次申领。如认为记录有误，请携带证书到当地人社部门核实。',
  },
  CLAIM_PAST_DEADLINE: {
    rule: '证书直补须在取得证书之日起一年内申领',
    article: '第二十九条',
    next: '已超过申领期限，该证书不能再申领证书直补。今后取得新证书后请及时申领。',
  },
  CLAIM_HIGHER_LEVEL_HELD: {
    rule: '已取得同一职业较高等级证书的，不再补贴较低等级',
    article: '第二十九条',
    next: '较低等级的证书不能再申领。如尚未申领较高等级证书的补贴，请改为申领该证书。',
  },
  CLAIM_LIMIT_REACHED: {
    rule: '每个政策期内同一人同类补贴最多享受 3 次',
    article: '第二十九条',
    next: '本政策期内的次数已用完，请在下一个政策期再申领。',
  },
  CLAIM_ROUTE_TO_SKILL_UPGRADE: {
    rule: '参保企业职工应优先申领失业保险技能提升补贴',
    article: '第二十九条',
    next: '请通过当地社保经办机构、电子社保卡或人社政务服务平台申领技能提升补贴。如您已不是参保企业职工，请取消勾选后重新提交。',
  },
  CERTIFICATE_NOT_VERIFIED: {
    rule: '本人申报的证书（含省外取得的）须经人社部门核验后才计入',
    article: '第二十二条',
    next: '请确认已在“我的证书”上传证书扫描件，等待核验通过后再申领。',
  },
  CERTIFICATE_NOT_HOLDER: {
    rule: '只能申领本人名下证书的补贴',
    article: '第二十九条',
    next: '请核对所填身份证号码与证书上的是否一致，且为当前登录学员本人。',
  },
  TRAINEE_FROZEN: {
    rule: '已冻结的学员档案不能申领补贴',
    article: '第二十九条',
    next: '请使用经实名核验的本人账号申领；如有疑问，请联系当地人社部门。',
  },
  CLAIM_NO_POLICY_PERIOD: { rule: '补贴须在已发布的政策期内申领', article: '', next: '请关注当地人社部门发布的补贴政策，政策期开始后再申领。' },
  CLAIM_NO_SUBSIDY_STANDARD: { rule: '补贴按培训目录中该职业、等级的补贴标准发放', article: '第六条', next: '目录中暂无该职业等级的补贴标准，请咨询当地人社部门。' },
  CLAIM_CHANGED_CONCURRENTLY: { rule: '', article: '', next: '请稍后再提交一次。' },
  NOT_FOUND: { rule: '只能申领已登记的证书', article: '', next: '请核对证书编号。省外或其他途径取得的证书，请先在“我的证书”中申报并上传扫描件。' },
};

/** A refusal as the page shows it: the service's headline and explanation, then the rule and the next step. */
export type Refusal = { code: string; headline: string; detail: string } & RefusalAdvice;

/**
 * `problem` is the service's answer (an `ApiProblem`), undefined when none came (the network
 * failed; `failure` then says so). Pure, so it is tested without a browser or a session.
 */
export function refusalOf(problem: { code: string; title: string; detail: string } | undefined, failure: string): Refusal {
  if (problem === undefined) return { code: 'NETWORK', headline: '提交失败', detail: failure, rule: '', article: '', next: '请检查网络后重试。' };
  const advice = REFUSAL_ADVICE[problem.code] ?? { rule: '', article: '', next: '如有疑问，请联系当地人社部门。' };
  return { code: problem.code, headline: problem.title, detail: problem.detail, ...advice };
}
