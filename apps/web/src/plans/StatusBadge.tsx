import type { Plan } from './words';

const LABEL: Record<Plan['status'], string> = { pending: 'Being written', ready: 'Ready', failed: 'Failed' };

export function StatusBadge({ status }: { status: Plan['status'] }) {
  return <span className={`badge badge-plan-${status}`}>{LABEL[status]}</span>;
}
