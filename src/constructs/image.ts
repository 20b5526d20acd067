import type { IConstruct } from 'constructs';
import { parseImage, type ImageRef } from '../validate/image-ref';
import { invalidProp } from './errors';

export { parseImage, type ImageRef };

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// Optional registry host[:port] (may hold '.', '-' and upper case), then lower-case path components.
const REPOSITORY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** The lint rule of an unpinned image; a workload's suppression of it accepts one (an adopted workload). */
export const UNPINNED_IMAGE_RULE = 'image-latest-tag';

/**
 * Parses and checks that `image` is pinned: a tag other than 'latest', or a digest. Unpinned
 * images make a synthesised manifest mean different things on different days. `accepted` (the
 * reason of the workload's `suppressions['image-latest-tag']`) takes an unpinned image as it is:
 * the lint finding then shows as suppressed with that reason.
 */
export function pinnedImage(scope: IConstruct, image: string, prop = 'image', accepted?: string): ImageRef {
  const ref = parseImage(image);
  const fix = `pin the image to a release tag or a digest, e.g. '${ref.repository || 'nginx'}:1.25.3' or '${ref.repository || 'nginx'}@sha256:<digest>'`;
  if (!ref.repository || !REPOSITORY.test(ref.repository)) {
    invalidProp(scope, prop, image, 'not a container image reference (repository[:tag][@digest], lower-case repository)', fix);
  }
  if (ref.digest !== undefined && !DIGEST.test(ref.digest)) {
    invalidProp(scope, prop, image, `the digest '${ref.digest}' is not 'algorithm:hex' (e.g. sha256: followed by 64 hex digits)`, fix);
  }
  if (ref.tag !== undefined && !TAG.test(ref.tag)) {
    invalidProp(scope, prop, image, `the tag '${ref.tag}' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})`, fix);
  }
  if (ref.digest === undefined && !(typeof accepted === 'string' && accepted.trim() !== '')) {
    if (ref.tag === undefined) invalidProp(scope, prop, image, 'the image has no tag or digest, so it floats to :latest', fix);
    if (ref.tag === 'latest') invalidProp(scope, prop, image, "the tag 'latest' is not pinned: it changes under the same manifest", fix);
  }
  return ref;
}

/**
 * The `app.kubernetes.io/version` label value of an image: its tag, or the first 12 hex digits
 * of its digest; trimmed to a valid label value (<= 63 characters, alphanumeric at both ends).
 */
export function imageVersion(ref: ImageRef): string {
  let v = ref.tag ?? (ref.digest ? ref.digest.slice(ref.digest.indexOf(':') + 1, ref.digest.indexOf(':') + 13) : '');
  v = v.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '').replace(/^[^A-Za-z0-9]+/, '');
  return v;
}
