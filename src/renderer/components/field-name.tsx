// A field's path as text that wraps between its words, for narrow columns and lists.
import { Fragment } from 'react';

/** A field's path with places to wrap after each `_`, `.` and `[` (`line_items[0].unit_price`),
 *  so a narrow column breaks it between words, never in the middle of one. */
export function FieldName({ path }: { path: string }) {
  const parts = path.split(/(?<=[_.[])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}
