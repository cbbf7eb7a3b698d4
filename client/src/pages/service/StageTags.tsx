import { Space, Tag } from 'antd';
import { useI18n } from '../../i18n';
import { stageLabel, type Stage } from './workflowRules';

/** A workflow's stages in order as tags, the start stage blue and final stages green: the read-only view of a flow. */
export function StageTags({ stages }: { stages: Stage[] | null | undefined }) {
  const { language } = useI18n();
  return (
    <Space size={2} wrap>
      {(stages ?? []).map((s) => <Tag key={s.code} color={s.isStart ? 'blue' : s.isFinal ? 'green' : undefined}>{stageLabel(s.name, language)}</Tag>)}
    </Space>
  );
}
