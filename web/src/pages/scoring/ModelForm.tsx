import { Alert, Badge, Fieldset, JsonInput, Stack, Tabs, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { ModelProblem, ScoringModel } from '../../api/scoring-types';
import { DecayAndBandsFields } from './DecayAndBandsFields';
import { QualificationFields } from './QualificationFields';
import { EngagementRuleList, FitRuleList, NegativeRuleList } from './RuleLists';
import { formShape, type ModelDraft } from './use-model-draft';
import './model-form.css';

interface Props {
  draft: ModelDraft;
  problems: ModelProblem[];
  readOnly: boolean;
  onDocChange(doc: ScoringModel): void;
  onTextChange(text: string): void;
}

type TabKey = 'fit' | 'engagement' | 'negative' | 'decay' | 'qualification' | 'json';

/** Which top-level keys of the document each tab edits, to count its problems. */
const tabKeys: Record<Exclude<TabKey, 'json'>, string[]> = {
  fit: ['fit'],
  engagement: ['engagement'],
  negative: ['negative'],
  decay: ['halfLifeDays', 'bands'],
  qualification: ['qualification'],
};

function countFor(problems: ModelProblem[], keys: string[]): number {
  return problems.filter((p) => keys.includes(p.path.split('/')[0] ?? '')).length;
}

function ruleIds(model: ScoringModel): Set<string> {
  return new Set([...model.fit, ...model.engagement, ...model.negative].map((r) => r.id));
}

/** The model's rules, decay, bands and qualification as forms, and the same document as JSON. */
export function ModelForm({ draft, problems, readOnly, onDocChange, onTextChange }: Props) {
  const [tab, setTab] = useState<TabKey>('fit');
  const model = formShape(draft.doc);

  const newId = (prefix: string) => {
    const taken = model ? ruleIds(model) : new Set<string>();
    let n = 1;
    while (taken.has(`${prefix}-${n}`)) n += 1;
    return `${prefix}-${n}`;
  };

  const label = (text: string, key: Exclude<TabKey, 'json'>, count?: number) => {
    const n = countFor(problems, tabKeys[key]);
    return (
      <>
        {text}
        {count !== undefined && ` (${count})`}
        {n > 0 && (
          <Badge ml={6} size="xs" color="red" circle data-testid={`tab-problems-${key}`}>
            {n}
          </Badge>
        )}
      </>
    );
  };

  const formPanel = (content: (m: ScoringModel) => ReactNode) =>
    model ? (
      <Fieldset
        variant="unstyled"
        disabled={readOnly}
        className={readOnly ? 'model-read-only' : undefined}
      >
        {content(model)}
      </Fieldset>
    ) : (
      <Alert color="orange" data-testid="form-unavailable">
        The JSON does not have the shape the form needs (lists of fit, engagement and negative
        rules; bands; qualification with mql). Fix it in the JSON tab.
      </Alert>
    );

  return (
    <Tabs value={tab} onChange={(t) => t && setTab(t as TabKey)} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="fit">{label('Fit rules', 'fit', model?.fit.length)}</Tabs.Tab>
        <Tabs.Tab value="engagement">
          {label('Engagement rules', 'engagement', model?.engagement.length)}
        </Tabs.Tab>
        <Tabs.Tab value="negative">
          {label('Negative rules', 'negative', model?.negative.length)}
        </Tabs.Tab>
        <Tabs.Tab value="decay">{label('Decay and bands', 'decay')}</Tabs.Tab>
        <Tabs.Tab value="qualification">{label('Qualification', 'qualification')}</Tabs.Tab>
        <Tabs.Tab value="json" data-testid="json-tab">
          JSON
          {draft.jsonError && (
            <Badge ml={6} size="xs" color="red" circle>
              !
            </Badge>
          )}
        </Tabs.Tab>
      </Tabs.List>

      <Tabs.Panel value="fit" pt="md">
        {formPanel((m) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Points for who the contact is (their properties and their account&apos;s). Fit points
              do not decay.
            </Text>
            <FitRuleList
              rules={m.fit}
              path="fit"
              newId={newId}
              onChange={(fit) => onDocChange({ ...m, fit })}
            />
          </Stack>
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="engagement" pt="md">
        {formPanel((m) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Points per event of a type, decaying with the half-life; a cap limits how much a rule
              can earn per window.
            </Text>
            <EngagementRuleList
              rules={m.engagement}
              path="engagement"
              newId={newId}
              onChange={(engagement) => onDocChange({ ...m, engagement })}
            />
          </Stack>
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="negative" pt="md">
        {formPanel((m) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Rules that take points away, on who the contact is (competitors, students) or on what
              they did (unsubscribing).
            </Text>
            <NegativeRuleList
              rules={m.negative}
              path="negative"
              newId={newId}
              onChange={(negative) => onDocChange({ ...m, negative })}
            />
          </Stack>
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="decay" pt="md">
        {formPanel((m) => (
          <DecayAndBandsFields value={m} onChange={(part) => onDocChange({ ...m, ...part })} />
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="qualification" pt="md">
        {formPanel((m) => (
          <QualificationFields
            value={m.qualification}
            onChange={(qualification) => onDocChange({ ...m, qualification })}
          />
        ))}
      </Tabs.Panel>
      <Tabs.Panel value="json" pt="md">
        <JsonInput
          aria-label="Model document (JSON)"
          autosize
          minRows={20}
          maxRows={40}
          readOnly={readOnly}
          value={draft.text}
          error={draft.jsonError ? `Not valid JSON: ${draft.jsonError}` : undefined}
          onChange={onTextChange}
          data-testid="model-json"
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
      </Tabs.Panel>
    </Tabs>
  );
}
