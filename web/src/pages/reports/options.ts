import type { OptionControl } from './ReportControls';

export const splitControl: OptionControl = {
  key: 'split',
  label: 'Split by',
  choices: [
    { value: 'none', label: 'None' },
    { value: 'source', label: 'Source' },
    { value: 'campaign', label: 'Campaign' },
    { value: 'persona', label: 'Persona' },
    { value: 'team', label: 'Team' },
  ],
};

export const touchControl: OptionControl = {
  key: 'touch',
  label: 'Touch',
  choices: [
    { value: 'first', label: 'First touch' },
    { value: 'last', label: 'Last touch' },
  ],
};

export const byControl: OptionControl = {
  key: 'by',
  label: 'Group by',
  choices: [
    { value: 'source', label: 'Source' },
    { value: 'campaign', label: 'Campaign' },
  ],
};
