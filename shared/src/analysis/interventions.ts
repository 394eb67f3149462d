import type { InterventionCourse } from '../domain/assessment';
import { daysBetween, isValidIsoDate } from '../domain/dates';
import type { ProcedureFact } from '../domain/record';
import type { AnalysisContext } from './context';

const COURSE_KINDS: readonly InterventionCourse['kind'][] = ['tms', 'ect', 'esketamine'];

interface CourseDraft {
  kind: InterventionCourse['kind'];
  start: string;
  end: string;
  sessions: number;
  refs: string[];
}

/** Sessions of TMS, ECT or esketamine grouped into courses: sessions at most `mergeGapDays` apart are one course. */
export function buildInterventions(procedures: readonly ProcedureFact[], ctx: AnalysisContext): InterventionCourse[] {
  const courses: CourseDraft[] = [];
  for (const kind of COURSE_KINDS) {
    const sessions = procedures
      .filter((p) => p.kind === kind && isValidIsoDate(p.start) && p.start <= ctx.asOf)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let current: CourseDraft | undefined;
    for (const session of sessions) {
      const end =
        session.end && isValidIsoDate(session.end) && session.end > session.start ? session.end : session.start;
      if (current && daysBetween(current.end, session.start) <= ctx.t.mergeGapDays) {
        current.sessions += 1;
        current.end = end > current.end ? end : current.end;
        current.refs.push(session.ref);
        continue;
      }
      current = { kind, start: session.start, end, sessions: 1, refs: [session.ref] };
      courses.push(current);
    }
  }
  return courses.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
