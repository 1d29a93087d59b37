import { type MessageKey, t } from '../../kernel/i18n/index.ts';
import type { OutfallRecord } from '../../records/schema.ts';

/** How the change log names fields and kinds of change, on /data/ and in changes.csv. */

/** The label of each top-level field; a place's code and name share one (one change, one word). */
const FIELD_LABEL_KEYS: Record<keyof OutfallRecord, MessageKey> = {
  code: 'exports.field.code',
  name: 'exports.field.name',
  type: 'exports.field.type',
  cityAdcode: 'exports.field.city',
  cityName: 'exports.field.city',
  countyAdcode: 'exports.field.county',
  countyName: 'exports.field.county',
  lng: 'exports.field.lng',
  lat: 'exports.field.lat',
  receivingWater: 'exports.field.receivingWater',
  dischargeMode: 'exports.field.dischargeMode',
  dischargeChannel: 'exports.field.dischargeChannel',
  responsibleEntity: 'exports.field.responsibleEntity',
  supervisor: 'exports.field.supervisor',
  approval: 'exports.field.approval',
  remediation: 'exports.field.remediation',
  retained: 'exports.field.retained',
  signboard: 'exports.field.signboard',
  monitoring: 'exports.field.monitoring',
  updatedAt: 'exports.field.updatedAt',
};

/** Names of the record's top-level fields, for the change log ("which fields changed"). */
export const FIELD_LABELS = Object.fromEntries(Object.entries(FIELD_LABEL_KEYS).map(([field, key]) => [field, t(key)])) as Record<keyof OutfallRecord, string>;

/** Changed fields in words, duplicates merged: ['cityAdcode', 'cityName', 'lng'] → '所在市州、经度'. */
export function changedFieldsLabel(fields: readonly string[] | null | undefined): string {
  return [...new Set((fields ?? []).map((f) => FIELD_LABELS[f as keyof OutfallRecord] ?? f))].join('、');
}

/** The kinds of change, as the change log names them. */
export const CHANGE_LABELS: Record<'added' | 'changed' | 'removed', string> = {
  added: t('exports.change.added'),
  changed: t('exports.change.changed'),
  removed: t('exports.change.removed'),
};
