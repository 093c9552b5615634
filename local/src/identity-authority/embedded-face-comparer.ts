import { EmbeddedFaceEngine, FaceImageRejected, InMemoryTemplateStore } from '../../../services/attendance/src/face/index';
import type { FaceComparer } from './simulated-authority';

/**
 * The simulated authority's face comparison: the attendance service's embedded engine, in memory,
 * loaded on first use (a few seconds), so runtimes whose tests never send a face never load it.
 */
export function embeddedFaceComparer(): FaceComparer {
  let engine: Promise<EmbeddedFaceEngine> | undefined;
  const loaded = () => (engine ??= EmbeddedFaceEngine.create({ store: new InMemoryTemplateStore() }));
  return {
    async index(subject, idPhoto) {
      const faces = await loaded();
      await faces.removeSubject(subject);
      await faces.indexFace(subject, idPhoto);
    },
    async samePerson(subject, photo) {
      try {
        return (await (await loaded()).verify(subject, photo)).match;
      } catch (error) {
        // A photo without one usable face proves nothing: it is not the person.
        if (error instanceof FaceImageRejected) return false;
        throw error;
      }
    },
  };
}
