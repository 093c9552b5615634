/**
 * What a newcomer needs to know about the seeded world: ids the API assigned, dates, file
 * paths. Each seed step remembers its own facts; the banner prints them all and `demo.env`
 * exports them for the README's copy-paste commands, so a new step needs no edit elsewhere.
 */
export interface DemoFact {
  /** A shell variable name: `DEMO_CLASS_ID`. */
  readonly key: string;
  readonly value: string;
  /** What it is, in Chinese, for the banner. */
  readonly label: string;
}

const KEY = /^DEMO_[A-Z0-9_]+$/;

export class DemoWorld {
  readonly #facts = new Map<string, DemoFact>();

  constructor(facts: readonly DemoFact[] = []) {
    for (const fact of facts) this.remember(fact.key, fact.value, fact.label);
  }

  remember(key: string, value: string, label: string): string {
    if (!KEY.test(key)) throw new Error(`demo fact keys are shell variable names starting with DEMO_, got "${key}"`);
    this.#facts.set(key, { key, value, label });
    return value;
  }

  get(key: string): string {
    const fact = this.#facts.get(key);
    if (fact === undefined) throw new Error(`demo fact ${key} is not known yet: a seed step that remembers it must run first`);
    return fact.value;
  }

  has(key: string): boolean {
    return this.#facts.has(key);
  }

  get facts(): DemoFact[] {
    return [...this.#facts.values()];
  }

  /** `export DEMO_X='…'` lines, for `source .peixun/data/demo.env`. */
  toShell(): string {
    const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
    return `${this.facts.map((fact) => `# ${fact.label}\nexport ${fact.key}=${quote(fact.value)}`).join('\n')}\n`;
  }
}
