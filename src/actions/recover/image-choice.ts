import type Docker from 'dockerode';
import { z } from 'zod';
import { listCustody } from '../../custody/ledger.js';
import { ActionFailedError, NotFoundError } from '../../errors.js';
import type { Db } from '../../store/db.js';
import { expectedImage } from './images.js';

// Which image recover.recreate builds the new container from. A clean image named by the runbook
// or the responder wins; otherwise the image the container was created from, pinned by the image
// id evidence.inspect recorded in this incident's ledger (never by its tag: a tag can have been
// moved since, by an attacker too). Never a default the runbook author guessed.

export interface ImageChoice {
  /** What to hand the engine: the named reference, or the pinned image id. */
  ref: string;
  /** The image id (sha256:…) that reference resolves to now. */
  imageId: string;
  /** For people: "web:1.4.2" or "web:1.4.2 (the image web-1 was created from)". */
  label: string;
  source: 'named' | 'original';
  /** Registry digests of the image, when it came from a registry. */
  repoDigests: string[];
  image: Docker.ImageInspectInfo;
}

const inspectedWhere = z.object({ image_id: z.string().startsWith('sha256:'), image_ref: z.string().optional() });

/** The image id and reference evidence.inspect recorded for this container in this incident, if it ran. */
export function recordedImage(db: Db, incidentId: string, containerId: string): { imageId: string; ref?: string } | undefined {
  for (const record of listCustody(db, incidentId)) {
    if (record.act !== 'acquired' || record.subject !== containerId || record.how?.action !== 'evidence.inspect') continue;
    const parsed = inspectedWhere.safeParse(record.where);
    if (parsed.success) return { imageId: parsed.data.image_id, ref: parsed.data.image_ref };
  }
  return undefined;
}

export interface ImageChoiceInput {
  docker: Docker;
  db: Db;
  incidentId: string;
  old: Docker.ContainerInspectInfo;
  /** The clean image the runbook or responder named; empty: the original one. */
  named?: string;
  signal?: AbortSignal;
}

export async function chooseImage(input: ImageChoiceInput): Promise<ImageChoice> {
  const { docker, old, signal } = input;
  if (input.named) {
    const image = await expectedImage(docker, input.named, signal);
    return { ref: input.named, imageId: image.Id, label: input.named, source: 'named', repoDigests: image.RepoDigests ?? [], image };
  }
  const containerName = old.Name.replace(/^\//, '') || old.Id.slice(0, 12);
  const recorded = recordedImage(input.db, input.incidentId, old.Id);
  // a container's image id never changes; a mismatch means the record is about something else
  if (recorded && recorded.imageId !== old.Image) {
    throw new ActionFailedError(
      `evidence.inspect recorded image ${recorded.imageId.slice(0, 19)} for ${containerName}, but it now runs ${old.Image.slice(0, 19)}`,
      {
        hint: 'name the clean image to recreate from (input clean_image, or image: on the step)',
      },
    );
  }
  const imageId = recorded?.imageId ?? old.Image;
  const ref = recorded?.ref ?? old.Config.Image;
  let image: Docker.ImageInspectInfo;
  try {
    image = await expectedImage(docker, imageId, signal);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new NotFoundError(`the image ${containerName} was created from (${ref}, ${imageId.slice(0, 19)}) is no longer on the engine`, {
      hint: 'name a clean image that is on the engine: --input clean_image=<image>, or image: on the recover.recreate step',
      cause: error,
    });
  }
  return {
    ref: imageId,
    imageId,
    label: `${ref} (the image ${containerName} was created from)`,
    source: 'original',
    repoDigests: image.RepoDigests ?? [],
    image,
  };
}

/** One line for a gate or a summary: "web:1.4.2 = sha256:… [registry digest]". */
export function describeChoice(choice: ImageChoice): string {
  const digests = choice.repoDigests.length ? `, registry digest ${choice.repoDigests.join(', ')}` : '';
  return `${choice.label}, image id ${choice.imageId}${digests}`;
}
