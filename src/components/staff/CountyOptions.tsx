import type { CountyOption } from '../../kernel/report/contract/staff.ts';
import { groupByCity } from './model.ts';

/**
 * The options of a county `<select>`: one `<optgroup>` per city, in the API's order. The inbox's
 * county filter and the transfer form list counties the same way.
 *
 * @example <select><option value="">全部区县</option><CountyOptions counties={counties} /></select>
 */
export function CountyOptions({ counties }: { counties: readonly CountyOption[] }) {
  return (
    <>
      {groupByCity(counties).map(([city, list]) => (
        <optgroup key={city} label={city}>
          {list.map((c) => (
            <option key={c.adcode} value={c.adcode}>
              {c.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
