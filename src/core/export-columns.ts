/**
 * The export format: which columns `tandem export` and the contacts CSV
 * download write, in order — the API's field names in snake_case, as in SQL.
 * In core so the import presets (core/import) can read the same list back.
 */
export type ExportKind = 'contacts' | 'events';

export const exportColumns: Record<ExportKind, string[]> = {
  contacts: [
    'id',
    'email',
    'first_name',
    'last_name',
    'title',
    'phone',
    'account_name',
    'account_domain',
    'owner_email',
    'lifecycle_stage',
    'fit_score',
    'engagement_score',
    'total_score',
    'band',
    'first_touch_source',
    'first_touch_medium',
    'first_touch_campaign',
    'last_touch_source',
    'last_touch_medium',
    'last_touch_campaign',
    'properties',
    'created_at',
    'updated_at',
  ],
  events: [
    'id',
    'contact_id',
    'contact_email',
    'anonymous_id',
    'type',
    'name',
    'source',
    'message_id',
    'occurred_at',
    'received_at',
    'properties',
    'created_at',
  ],
};
