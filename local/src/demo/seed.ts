import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DemoApi } from './demo-api';
import { beijingDate, type DemoContext, type DemoStep } from './step';
import { DemoWorld, type DemoFact } from './world';
import { claimsStep } from './claims';
import { classesStep } from './classes';
import { facesStep } from './faces';
import { institutionsStep } from './institutions';
import { lessonVideoStep } from './lesson-video';
import { paymentsStep } from './payments';
import { projectsStep } from './projects';
import { teacherStep } from './teacher';
import { traineesStep } from './trainees';

/**
 * The demo world of `npm start`, in order: each step goes through the public API and remembers
 * the ids it was given.
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  institutionsStep,
  teacherStep,
  projectsStep,
  traineesStep,
  classesStep,
  facesStep,
  lessonVideoStep,
  claimsStep,
  paymentsStep,
];

export interface DemoFiles {
  /** Seeded once per data directory: holds the world's facts once every step has run. */
  marker: string;
  /** The same facts as `export DEMO_…=…` lines for the README's commands. */
  shellEnv: string;
}

export interface SeedOutcome {
  outcome: 'seeded' | 'already-seeded';
  world: DemoWorld;
}

/** A marker from before the world was recorded holds only a timestamp: seeded, facts unknown. */
function readWorld(marker: string): DemoWorld {
  try {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as { facts?: DemoFact[] };
    return new DemoWorld(saved.facts ?? []);
  } catch {
    return new DemoWorld();
  }
}

export async function seedDemoWorld(
  runtime: DemoContext['runtime'],
  files: DemoFiles,
  options: { steps?: readonly DemoStep[]; warn?: (message: string) => void; at?: Date } = {},
): Promise<SeedOutcome> {
  if (existsSync(files.marker)) return { outcome: 'already-seeded', world: readWorld(files.marker) };
  const world = new DemoWorld();
  const context: DemoContext = {
    api: new DemoApi(runtime),
    world,
    runtime,
    today: beijingDate(options.at ?? new Date()),
    dataDir: dirname(files.marker),
    warn: options.warn ?? ((message) => console.warn(message)),
  };
  for (const step of options.steps ?? DEMO_STEPS) {
    try {
      await step.run(context);
    } catch (error) {
      throw new Error(`演示数据「${step.name}」未能写入 / demo step "${step.name}" failed`, { cause: error });
    }
  }
  writeFileSync(files.shellEnv, world.toShell());
  writeFileSync(files.marker, `${JSON.stringify({ seededAt: new Date().toISOString(), facts: world.facts }, null, 2)}\n`);
  return { outcome: 'seeded', world };
}
