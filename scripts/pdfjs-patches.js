// Changes the build makes to pdf.js's worker module when it writes it as a script
// (scripts/vendor-pdfjs.js). Each one is found by exact text, and the build fails when the text
// is not there exactly once: an update of pdfjs-dist must look at them again.
//
// Pictures are not decoded for the engine's analysis reads. The engine reads every page's
// operators with getOperatorList(ANALYSIS_OPERATOR_LIST) (annotations disabled) to find its
// text, rules, pictures' places and drawings; it never looks at a picture's pixels there. pdf.js
// decodes each picture anyway (JPEG, Flate, colour conversion) and sends the pixels along: half
// the engine's time on a PDF of photographs. For those reads a picture keeps its operator and
// its size, and its object is sent as null (as pdf.js does for a picture it cannot decode).
// Rendering (OCR, figure pictures) reads the page again with another intent, and decodes them.
// Nothing from such a read enters a cache that another read uses: not pdf.js's document-wide
// picture cache, and not a Type3 font's glyphs (those are kept with the font).

/** @type {import("./pdfjs-patches.js").WorkerPatch[]} */
export const WORKER_PATCHES = [
  {
    name: 'mark analysis reads on the page evaluator',
    find: '    const partialEvaluator = this.#createPartialEvaluator(handler, pageIndex);\n',
    replace:
      '    const partialEvaluator = this.#createPartialEvaluator(handler, pageIndex);\n' +
      '    partialEvaluator.perfectParserSkipImageData = (intent & RenderingIntentFlag.OPLIST) !== 0 && (intent & RenderingIntentFlag.ANNOTATIONS_DISABLE) !== 0;\n',
  },
  {
    name: 'leave pictures undecoded in analysis reads',
    find: '    let objId = `img_${this.idFactory.createObjId()}`,\n',
    replace:
      '    if (this.perfectParserSkipImageData === true && !this.parsingType3Font) {\n' +
      '      const objId = `img_${this.idFactory.createObjId()}`;\n' +
      '      const args = [objId, w, h];\n' +
      '      operatorList.addDependency(objId);\n' +
      '      operatorList.addImageOps(OPS.paintImageXObject, args, optionalContent, hasMask);\n' +
      '      this._sendImgData(objId, null);\n' +
      '      if (cacheKey) {\n' +
      '        const cacheData = { objId, fn: OPS.paintImageXObject, args, optionalContent, hasMask };\n' +
      '        localImageCache.set(cacheKey, imageRef, cacheData);\n' +
      '        if (imageRef) {\n' +
      '          this._regionalImageCache.set(null, imageRef, cacheData);\n' +
      '        }\n' +
      '      }\n' +
      '      return;\n' +
      '    }\n' +
      '    let objId = `img_${this.idFactory.createObjId()}`,\n',
  },
];

/** pdf.js's worker module with WORKER_PATCHES applied; throws naming a patch whose text is
 *  missing or found more than once. */
export function patchPdfjsWorker(source, patches = WORKER_PATCHES) {
  let out = source;
  for (const { name, find, replace } of patches) {
    const first = out.indexOf(find);
    if (first < 0 || out.indexOf(find, first + 1) >= 0) {
      throw new Error(
        `pdf.js worker patch "${name}": its text was ${first < 0 ? 'not found' : 'found more than once'} in this pdfjs-dist; see scripts/pdfjs-patches.js.`,
      );
    }
    out = out.slice(0, first) + replace + out.slice(first + find.length);
  }
  return out;
}
