import type DockerModem from 'docker-modem';
import type { Writable } from 'node:stream';

/**
 * Split Docker's multiplexed stream (8-byte frame headers) into stdout and stderr with the
 * modem's own demuxStream, adding what it lacks: backpressure (the raw stream pauses while a side
 * is full, so a slow disk never makes the logs pile up in memory), end, and error propagation.
 */
export function demuxInto(modem: DockerModem, raw: NodeJS.ReadableStream, stdout: Writable, stderr: Writable): void {
  const gated = (side: Writable) =>
    ({
      write(chunk: Buffer): boolean {
        if (side.destroyed) return false;
        if (!side.write(chunk)) {
          raw.pause();
          side.once('drain', () => raw.resume());
        }
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  modem.demuxStream(raw, gated(stdout), gated(stderr));
  raw.on('end', () => {
    stdout.end();
    stderr.end();
  });
  raw.on('error', (error: Error) => {
    stdout.destroy(error);
    stderr.destroy(error);
  });
}
