// AcroForm fields read from the PDF itself: text, check boxes, radio buttons, choices and
// signatures, each with its value and its box on the upright page.
import type { PDFDocumentProxy, PDFPageProxy } from './pdfjs.js';
import type { FormField } from '../page-model.js';

const WIDGET = 20;

interface WidgetData {
  annotationType: number;
  fieldName?: string;
  fieldType?: string;
  fieldValue?: unknown;
  checkBox?: boolean;
  radioButton?: boolean;
  pushButton?: boolean;
  exportValue?: string;
  buttonValue?: string;
  multiSelect?: boolean;
  hidden?: boolean;
  rect: number[];
}

/** Whether the document has form fields at all (pages are then asked for theirs). */
export async function hasFormFields(doc: PDFDocumentProxy): Promise<boolean> {
  try {
    const fields = await doc.getFieldObjects();
    return !!fields && Object.keys(fields).length > 0;
  } catch {
    return false;
  }
}

function valueOf(a: WidgetData): FormField['value'] {
  const v = a.fieldValue;
  if (a.checkBox) return typeof v === 'string' && v !== 'Off' ? true : false;
  if (a.radioButton) return typeof v === 'string' && v !== 'Off' && v === a.buttonValue ? a.buttonValue : null;
  if (Array.isArray(v)) {
    const values = v.filter((x): x is string => typeof x === 'string' && x !== '');
    return a.multiSelect ? values : (values[0] ?? null);
  }
  return typeof v === 'string' && v !== '' ? v : null;
}

function kindOf(a: WidgetData): FormField['kind'] {
  if (a.fieldType === 'Tx') return 'text';
  if (a.fieldType === 'Ch') return 'choice';
  if (a.fieldType === 'Sig') return 'signature';
  if (a.checkBox) return 'checkbox';
  if (a.radioButton) return 'radio';
  return 'button';
}

/** The form fields drawn on a page; a radio group's widgets become one field holding the
 *  chosen option. Push buttons carry no value and are left out. */
export async function pageFormFields(page: PDFPageProxy): Promise<FormField[]> {
  const annotations = (await page.getAnnotations({ intent: 'display' })) as WidgetData[];
  const viewport = page.getViewport({ scale: 1 });
  const fields = new Map<string, FormField>();
  for (const a of annotations) {
    if (a.annotationType !== WIDGET || !a.fieldName || a.pushButton || a.hidden) continue;
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(a.rect) as number[];
    const box = { left: Math.min(x1!, x2!), top: Math.min(y1!, y2!), right: Math.max(x1!, x2!), bottom: Math.max(y1!, y2!) };
    const field: FormField = { name: a.fieldName, kind: kindOf(a), value: valueOf(a), box };
    const seen = fields.get(a.fieldName);
    // A radio group (or a field shown twice): keep the widget that carries the value.
    if (!seen || (seen.value === null && field.value !== null)) fields.set(a.fieldName, field);
  }
  return [...fields.values()];
}
