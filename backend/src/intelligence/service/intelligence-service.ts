/**
 * The test-intelligence service: stores (monitors, states, rules), the
 * ingest cache and the evaluation job. Routes call it; services.ts opens it
 * once per process.
 *
 * The periodic evaluation runs every `evaluateEveryMinutes` (0 = off, the
 * default in tests); each tick evaluates every enabled monitor and refreshes
 * the ingest cache (rule writes made by other replicas). A tick never
 * overlaps the previous one.
 */
import type { AnalyticsDriver } from '../../storage/analytics/driver.ts';
import type { MetadataDb } from '../../storage/metadata/driver.ts';
import { compileRules, type SignatureRule } from '../signature/rules.ts';
import { createOwnerResolver, type OwnerRule } from '../owners/codeowners.ts';
import { MonitorStore } from '../store/monitors-store.ts';
import { RulesStore } from '../store/rules-store.ts';
import { ingestEnrichment, type IngestEnrichment } from './ingest-context.ts';
import { evaluateProject, type EvaluationSummary } from './evaluation.ts';
import { StateMirror } from '../mirror/state-mirror.ts';
import { checkProjectRegressions } from '../regressions/scheduled.ts';

export interface IntelligenceOptions {
  /** Minutes between evaluations of every monitor; 0 or absent = no timer. */
  evaluateEveryMinutes?: number;
  /** Days of history each evaluation replays (covers the default windows and recovery). */
  lookbackDays?: number;
  /** Seconds between syncs of changed states/quarantines into the analytics mirrors; 0 or absent = none. */
  mirrorEverySeconds?: number;
}

export class IntelligenceService {
  readonly monitors: MonitorStore;
  readonly rules: RulesStore;
  readonly lookbackDays: number;
  /** Test states and quarantine periods mirrored into the analytics store (query datasets). */
  readonly mirror: StateMirror;
  private timer: NodeJS.Timeout | null = null;
  private mirrorTimer: NodeJS.Timeout | null = null;
  private mirroring: Promise<unknown> | null = null;
  private running: Promise<unknown> | null = null;

  private constructor(
    readonly metadata: MetadataDb,
    readonly analytics: AnalyticsDriver,
    readonly enrichment: IngestEnrichment,
    opts: IntelligenceOptions,
  ) {
    this.monitors = new MonitorStore(metadata);
    this.rules = new RulesStore(metadata);
    this.lookbackDays = opts.lookbackDays ?? 28;
    this.mirror = new StateMirror(metadata, analytics);
  }

  static async open(metadata: MetadataDb, analytics: AnalyticsDriver, opts: IntelligenceOptions = {}): Promise<IntelligenceService> {
    const svc = new IntelligenceService(metadata, analytics, ingestEnrichment, opts);
    await svc.refreshIngestCache();
    const every = opts.evaluateEveryMinutes ?? 0;
    if (every > 0) svc.startTimer(every * 60_000);
    const mirrorEvery = opts.mirrorEverySeconds ?? 0;
    if (mirrorEvery > 0) svc.startMirrorTimer(mirrorEvery * 1000);
    return svc;
  }

  /** Syncs changed states into the analytics mirrors every `intervalMs` (never overlapping). */
  startMirrorTimer(intervalMs: number): void {
    if (this.mirrorTimer) clearInterval(this.mirrorTimer);
    this.mirrorTimer = setInterval(() => {
      if (this.mirroring) return;
      this.mirroring = this.mirror.syncChanged().catch(() => 0).finally(() => { this.mirroring = null; });
    }, intervalMs);
    this.mirrorTimer.unref();
  }

  startTimer(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = Promise.allSettled([this.evaluateAll(Date.now()), this.refreshIngestCache()]).finally(() => { this.running = null; });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.mirrorTimer) clearInterval(this.mirrorTimer);
    this.mirrorTimer = null;
  }

  /** Evaluates the enabled monitors of one tenant (a request) or of all tenants (the timer). */
  async evaluateAll(now: number, tenant?: string, project?: string): Promise<EvaluationSummary[]> {
    const monitors = tenant
      ? (await this.monitors.list(tenant, project)).filter((m) => m.enabled).map((m) => ({ ...m, tenantId: tenant }))
      : await this.monitors.allEnabled();
    const out: EvaluationSummary[] = [];
    for (const m of monitors) {
      out.push(await evaluateProject(this, m.tenantId, m, now, this.lookbackDays));
      // the whole project: unchanged tests get fresh failure rates and flips too
      await this.mirror.mirrorTests(m.tenantId, m.project, undefined, now);
      // the `regressions` dataset: last week against the week before
      await checkProjectRegressions(this.analytics, m.tenantId, m.project, now);
    }
    return out;
  }

  /** Validates, stores and activates a tenant's signature rules (throws VALIDATION_FAILED before storing). */
  async setSignatureRules(tenant: string, rules: SignatureRule[], by: string): Promise<void> {
    const compiled = compileRules(rules);
    await this.rules.replaceSignatureRules(tenant, rules, by);
    this.enrichment.setSignatureRules(tenant, compiled);
  }

  async setCodeowners(tenant: string, project: string, text: string, by: string): Promise<void> {
    const cfg = await this.rules.ownerConfig(tenant, project);
    createOwnerResolver({ codeowners: text, rules: cfg.rules }); // validates before storing
    await this.rules.replaceCodeowners(tenant, project, text, by);
    await this.reloadOwners(tenant, project);
  }

  async setOwnerRules(tenant: string, project: string, rules: OwnerRule[], by: string): Promise<void> {
    const cfg = await this.rules.ownerConfig(tenant, project);
    createOwnerResolver({ ...(cfg.codeowners ? { codeowners: cfg.codeowners } : {}), rules });
    await this.rules.replaceOwnerRules(tenant, project, rules, by);
    await this.reloadOwners(tenant, project);
  }

  private async reloadOwners(tenant: string, project: string): Promise<void> {
    const cfg = await this.rules.ownerConfig(tenant, project);
    const empty = !cfg.codeowners && cfg.rules.length === 0;
    this.enrichment.setOwnerResolver(tenant, project, empty ? null : createOwnerResolver({ ...(cfg.codeowners ? { codeowners: cfg.codeowners } : {}), rules: cfg.rules }));
  }

  /** Loads every tenant's rules into the ingest cache; a broken stored rule set is skipped, not fatal. */
  async refreshIngestCache(): Promise<void> {
    const keys = await this.rules.allKeys();
    for (const tenant of keys.signatureTenants) {
      try {
        this.enrichment.setSignatureRules(tenant, compileRules(await this.rules.signatureRules(tenant)));
      } catch {
        this.enrichment.setSignatureRules(tenant, []);
      }
    }
    for (const { tenant_id, project } of keys.ownerProjects) {
      try {
        await this.reloadOwners(tenant_id, project);
      } catch {
        this.enrichment.setOwnerResolver(tenant_id, project, null);
      }
    }
  }
}
