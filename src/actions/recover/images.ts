import type Docker from 'dockerode';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';

export const imageRefSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, 'expected an image reference such as web:1.4.2, registry.example/web@sha256:… or an image id');

/**
 * Inspect an image that must already be on the engine. irctl never pulls: a clean image is one
 * the responders built or loaded and named, not whatever a registry serves today.
 */
export async function expectedImage(docker: Docker, ref: string, signal?: AbortSignal): Promise<Docker.ImageInspectInfo> {
  try {
    return await docker.getImage(ref).inspect({ abortSignal: signal } as Docker.ImageInspectOptions);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new NotFoundError(`image "${ref}" is not on the Docker engine`, {
        hint: `load or build it there first (docker load / docker build -t ${ref}); irctl never pulls images during an incident`,
        cause: error,
      });
    }
    throw error;
  }
}
