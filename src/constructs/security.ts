import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { invalidProp } from './errors';

/** Annotation recording why a workload does not meet the Pod Security "restricted" profile. */
export const SECURITY_EXEMPTION_ANNOTATION = 'helmless.io/pod-security-exemption';

/** The user and group a container runs as under "restricted". */
export interface RestrictedOptions {
  /**
   * UID of the container process. "restricted" needs a non-root user; a numeric UID here lets the
   * kubelet verify it even when the image names its user (`USER nginx`). Images that run as
   * root (nginx, postgres...) need a non-root variant (nginxinc/nginx-unprivileged) or a UID
   * they support (postgres: 999, which the StatefulDb engine preset sets).
   * @default 65532
   */
  readonly runAsUser?: number;
  /** @default - same as runAsUser */
  readonly runAsGroup?: number;
  /**
   * Group owning mounted volumes, so a non-root process can write to them.
   * @default - same as runAsGroup
   */
  readonly fsGroup?: number;
}

/** Options of an explicit relaxation of "restricted". */
export interface RelaxedOptions extends RestrictedOptions {
  /** Why the workload cannot be "restricted"; recorded as the annotation helmless.io/pod-security-exemption. Required. */
  readonly reason: string;
  /**
   * Allow running as root. With true, runAsUser defaults to 0.
   * @default false
   */
  readonly allowRoot?: boolean;
  /**
   * A writable root filesystem.
   * @default false
   */
  readonly writableRootFilesystem?: boolean;
  /**
   * Capabilities to add back after dropping ALL (e.g. 'NET_BIND_SERVICE', 'DAC_READ_SEARCH').
   * @default - none
   */
  readonly addCapabilities?: readonly string[];
}

/** Options of `Security.asIs`. */
export interface AsIsOptions {
  /** Why the contexts stay as they are, e.g. 'adopted as is'; recorded as helmless.io/pod-security-exemption. */
  readonly reason: string;
  /**
   * The pod's securityContext.
   * @default - none
   */
  readonly pod?: k8s.PodSecurityContext;
  /**
   * The containers' securityContext (each container of the workload).
   * @default - none
   */
  readonly container?: k8s.SecurityContext;
}

/**
 * The security settings of a workload's pods. `Security.restricted()` (the default) meets the
 * Pod Security Standard "restricted"; `Security.relaxed({ reason })` steps away from it
 * explicitly, and the reason is written next to the workload for reviewers and the linter.
 */
export class Security {
  public static restricted(options: RestrictedOptions = {}): Security {
    return new Security(options, undefined);
  }
  public static relaxed(options: RelaxedOptions): Security {
    return new Security(options, options);
  }
  /**
   * The security contexts of a workload that runs today, exactly as they are (none when not
   * given), with the reason (e.g. 'adopted as is') recorded like a relaxation. Moving to
   * `Security.restricted()` is then a one-line change to review with `helmless diff`.
   */
  public static asIs(options: AsIsOptions): Security {
    return new Security({}, { reason: options.reason }, { pod: options.pod, container: options.container });
  }

  private constructor(
    private readonly ids: RestrictedOptions,
    /** The relaxation, when not "restricted". */
    public readonly relaxation: RelaxedOptions | undefined,
    /** The exact contexts of `Security.asIs`. */
    public readonly exact?: { readonly pod?: k8s.PodSecurityContext; readonly container?: k8s.SecurityContext },
  ) {}

  /** The explicit exemption (reason and the lint rules it accepts), when relaxed. */
  public get exemption(): { readonly reason: string; readonly rules: readonly string[] } | undefined {
    const r = this.relaxation;
    if (!r) return undefined;
    const rules: string[] = [];
    if (this.uid === 0) rules.push('run-as-non-root', 'run-as-root-user', 'low-user-id');
    if (r.writableRootFilesystem) rules.push('writable-root-filesystem');
    if (r.addCapabilities && r.addCapabilities.length > 0) rules.push('added-capabilities');
    return { reason: r.reason, rules };
  }

  /** Whether the pods meet "restricted". */
  public get isRestricted(): boolean { return this.relaxation === undefined; }

  /** Checks the settings for the workload at `scope`. */
  public check(scope: IConstruct): void {
    const r = this.relaxation;
    if (r && (typeof r.reason !== 'string' || r.reason.trim().length === 0)) {
      invalidProp(scope, 'security.reason', r.reason, 'a relaxation of Pod Security "restricted" needs a reason',
        "say why, e.g. Security.relaxed({ reason: 'reads root-owned /var/log/containers', allowRoot: true })");
    }
    for (const [prop, v] of [['runAsUser', this.ids.runAsUser], ['runAsGroup', this.ids.runAsGroup], ['fsGroup', this.ids.fsGroup]] as const) {
      if (v === undefined) continue;
      if (!Number.isInteger(v) || v < 0 || v > 2147483647) {
        invalidProp(scope, `security.${prop}`, v, 'must be an integer from 0 to 2147483647', `set ${prop} to a UID/GID such as 65532`);
      }
      if (prop === 'runAsUser' && v === 0 && !r?.allowRoot) {
        invalidProp(scope, 'security.runAsUser', 0, 'UID 0 is root, which "restricted" forbids',
          "use a non-zero UID, or Security.relaxed({ reason: '...', allowRoot: true })");
      }
    }
  }

  private get uid(): number { return this.ids.runAsUser ?? (this.relaxation?.allowRoot ? 0 : 65532); }
  private get gid(): number { return this.ids.runAsGroup ?? this.uid; }

  /** The pod-level security context (none for `asIs` without one). */
  public podSecurityContext(): k8s.PodSecurityContext | undefined {
    if (this.exact) return this.exact.pod;
    const root = this.uid === 0;
    return {
      runAsNonRoot: !root,
      runAsUser: this.uid,
      runAsGroup: this.gid,
      fsGroup: this.ids.fsGroup ?? this.gid,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  /** The container-level security context (none for `asIs` without one). */
  public containerSecurityContext(): k8s.SecurityContext | undefined {
    if (this.exact) return this.exact.container;
    const r = this.relaxation;
    return {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: !(r?.writableRootFilesystem ?? false),
      runAsNonRoot: this.uid !== 0,
      capabilities: {
        drop: ['ALL'],
        ...(r?.addCapabilities && r.addCapabilities.length > 0 ? { add: [...r.addCapabilities] } : {}),
      },
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }
}
