import type { TmsPolicyEvaluation } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { CRITERION_LABELS } from '../../../config/labels';
import { Badge } from '../../../components/ui/badge';
import { formatText } from '../../../lib/format';

const OVERALL_LABELS: Readonly<Record<TmsPolicyEvaluation['overall'], { text: string; icon: string }>> = {
  'criteria-met': { text: 'Criteria met', icon: '✓' },
  'criteria-not-met': { text: 'Criteria not met', icon: '✗' },
  'insufficient-data': { text: 'Not enough data to tell', icon: '?' },
};

export function TmsEligibility({ policies }: { policies: readonly TmsPolicyEvaluation[] }): ReactElement {
  return (
    <div className="tms">
      <h4>TMS eligibility by coverage policy</h4>
      {policies.map((policy) => {
        const overall = OVERALL_LABELS[policy.overall];
        return (
          <div key={policy.policyId} className="tms__policy">
            <table className="data-table stack-narrow">
              <caption>
                {policy.policyName}: <Badge icon={overall.icon} text={overall.text} tone={policy.overall} />
              </caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Status</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {policy.criteria.map((criterion) => {
                  const status = CRITERION_LABELS[criterion.status];
                  return (
                    <tr key={criterion.id}>
                      <th scope="row" data-label="Criterion">
                        {criterion.label}
                      </th>
                      <td data-label="Status">
                        <Badge icon={status.icon} text={status.text} tone={criterion.status} />
                      </td>
                      <td data-label="Evidence">{formatText(criterion.evidence)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
