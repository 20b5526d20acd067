// A writable stream that keeps what a command writes to it, for tests that run a command in this
// process through its injected IO (stdout, stderr).
import { Writable } from 'stream';

export class Sink extends Writable {
  /** Everything written, as text. */
  text = '';
  /** How many writes made it. */
  writes = 0;
  _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    this.writes++;
    cb();
  }
}
