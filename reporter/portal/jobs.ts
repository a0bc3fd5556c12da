/**
 * Office actions that take seconds (issue, collect, circular, assessment) run here, one at a time,
 * so a page answers at once and shows the job's progress; SIGTERM waits for the running one.
 */

export interface JobLink {
  label: string;
  href: string;
}

export interface Job {
  id: number;
  title: string;
  actor: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'done' | 'failed';
  lines: string[];
  links: JobLink[];
  /** Where to go back to when the job is done. */
  back: string;
}

export interface JobControl {
  log(line: string): void;
  link(label: string, href: string): void;
}

const KEPT = 30;

export class Jobs {
  private readonly jobs: Job[] = [];
  private current: Promise<void> | undefined;
  private next = 1;

  constructor(
    private readonly now: () => Date,
    private readonly onError: (job: Job, error: unknown) => string,
  ) {}

  get busy(): Job | undefined {
    return this.jobs.find((j) => j.status === 'running');
  }

  /** Starts the work unless another job runs (then undefined: the caller says so). */
  start(
    title: string,
    actor: string,
    back: string,
    work: (control: JobControl) => Promise<void>,
  ): Job | undefined {
    if (this.busy) return undefined;
    const job: Job = {
      id: this.next++,
      title,
      actor,
      startedAt: this.now().toISOString(),
      status: 'running',
      lines: [],
      links: [],
      back,
    };
    this.jobs.unshift(job);
    this.jobs.splice(KEPT);
    const control: JobControl = {
      log: (line) => job.lines.push(line),
      link: (label, href) => job.links.push({ label, href }),
    };
    this.current = (async () => {
      try {
        await work(control);
        job.status = 'done';
      } catch (error) {
        job.status = 'failed';
        job.lines.push(this.onError(job, error));
      } finally {
        job.finishedAt = this.now().toISOString();
        this.current = undefined;
      }
    })();
    return job;
  }

  get(id: number): Job | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  recent(): Job[] {
    return [...this.jobs];
  }

  /** Resolves when no job runs. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }
}
