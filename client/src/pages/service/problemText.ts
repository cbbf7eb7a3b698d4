import { useI18n } from '../../i18n';
import type { WorkflowProblem } from './workflowRules';

/** A workflow problem in the reader's language. */
export function useProblemText() {
  const { t } = useI18n();
  return (p: WorkflowProblem) => t(`service.rule.${p.rule}`, p.values);
}
