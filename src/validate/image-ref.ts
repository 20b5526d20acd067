/** Container image references, as the container runtime reads them. Pure; shared by the lint and the constructs. */

/** A container image reference split into its parts. */
export interface ImageRef {
  /** Registry and repository, e.g. 'docker.io/library/nginx' or 'nginx'. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits 'repo[:tag][@digest]' (a registry host may carry a ':port', which is not a tag). */
export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const ref: { repository: string; tag?: string; digest?: string } = { repository: rest };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}
