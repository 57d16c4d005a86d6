// Changes the build makes to pdf.js's two modules when it writes them as scripts
// (scripts/vendor-pdfjs.js). Each one is found by exact text, and the build fails when the text
// is not there exactly once: an update of pdfjs-dist must look at them again.
//
// Node's fetch is not loaded. Both modules check Response.prototype.bytes when they load, to add
// the method where it is missing; in Node the first look at the global Response loads undici,
// the fetch implementation (15-25 ms of an engine thread's start), and nothing the engine does
// uses it. The check is left out: Node 20's Response has the method, and pdf.js uses it only
// when saving a document or compressing a signature, which the engine never does.
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
//
// A stream stops decoding at 256 MB. pdf.js keeps a stream's whole decoded data in one buffer,
// doubled as it grows, so a content stream of a megabyte that inflates to a gigabyte (a
// decompression bomb) took 1.7 GB and 9 s; a picture within the engine's maxImageSize (64
// million pixels) decodes to less. The error ends that stream only (pdf.js keeps what the page
// had before it, as with any damaged stream), and a thread-wide count tells the engine which
// page lost part of its content (engine/pdf/pdfjs.ts oversizedStreams).
//
// Nor are shadings built for them. A shading's operator stays, with its pattern's object sent as
// null: building it (a gradient's colours computed through its functions, a mesh decoded) is
// only for painting, and the engine reads neither (a page with radial gradients in PostScript
// functions spent a fifth of its time there). A shading that cannot be read keeps its operator
// too, where pdf.js would drop it; the engine does not look at shading operators.
//
// @napi-rs/canvas is not loaded until something draws. In Node the display module required it as
// it loaded, to set up DOMMatrix, ImageData and Path2D (25-30 ms of an engine thread's start,
// its native library included), and made a DOMMatrix there; only painting uses them. The three
// are set up as globals that load it at their first use, and that matrix is made when first
// needed. Rendering (OCR, figure pictures) then loads it as before.

/** @type {import("./pdfjs-patches.js").PdfjsPatch} */
const DECODED_STREAM_LIMIT = {
  name: 'stop a stream decoding past 256 MB',
  find: '    while (size < requested) {\n      size *= 2;\n    }\n    const buffer2 = new Uint8Array(size);\n',
  replace:
    '    if (requested > 268435456) {\n' +
    '      globalThis.perfectParserOversizedStreams = (globalThis.perfectParserOversizedStreams ?? 0) + 1;\n' +
    '      throw new Error("A stream of this file decodes to more than 256 MB.");\n' +
    '    }\n' +
    '    while (size < requested) {\n      size *= 2;\n    }\n    const buffer2 = new Uint8Array(size);\n',
};

/** @type {import("./pdfjs-patches.js").PdfjsPatch} */
const NO_RESPONSE_CHECK = {
  name: 'leave the global Response unread at load',
  find: 'if (typeof Response.prototype.bytes !== "function") {\n',
  replace: 'if (false) {\n',
};

/** The display module's loading of @napi-rs/canvas in Node (after `let canvas;`). */
const REQUIRE_CANVAS =
  '  try {\n' +
  '    const require = process.getBuiltinModule("module").createRequire(import.meta.url);\n' +
  '    try {\n' +
  '      canvas = require("@napi-rs/canvas");\n' +
  '    } catch (ex) {\n' +
  '      warn(`Cannot load "@napi-rs/canvas" package: "${ex}".`);\n' +
  '    }\n' +
  '  } catch (ex) {\n' +
  '    warn(`Cannot access the \\`require\\` function: "${ex}".`);\n' +
  '  }\n';

/** Its set-up of DOMMatrix, ImageData and Path2D from it, which follows. */
const CANVAS_POLYFILLS = ['DOMMatrix', 'ImageData', 'Path2D']
  .map(
    (name) =>
      `  if (!globalThis.${name}) {\n` +
      `    if (canvas?.${name}) {\n` +
      `      globalThis.${name} = canvas.${name};\n` +
      '    } else {\n' +
      `      warn("Cannot polyfill \`${name}\`, rendering may be broken.");\n` +
      '    }\n' +
      '  }\n',
  )
  .join('');

/** @type {import("./pdfjs-patches.js").PdfjsPatch[]} */
export const API_PATCHES = [
  NO_RESPONSE_CHECK,
  {
    name: 'load @napi-rs/canvas at first use',
    find: '  let canvas;\n' + REQUIRE_CANVAS + CANVAS_POLYFILLS,
    // pdf.js's own loading, run by the first read of one of the three globals.
    replace:
      '  let canvas;\n' +
      '  const loadCanvas = () => {\n' +
      '    if (canvas !== undefined) {\n' +
      '      return canvas;\n' +
      '    }\n' +
      '    canvas = null;\n' +
      REQUIRE_CANVAS +
      '    return canvas;\n' +
      '  };\n' +
      '  for (const name of ["DOMMatrix", "ImageData", "Path2D"]) {\n' +
      '    if (globalThis[name]) {\n' +
      '      continue;\n' +
      '    }\n' +
      '    const settle = value => {\n' +
      '      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });\n' +
      '      return value;\n' +
      '    };\n' +
      '    Object.defineProperty(globalThis, name, {\n' +
      '      configurable: true,\n' +
      '      enumerable: false,\n' +
      '      get() {\n' +
      '        const value = loadCanvas()?.[name];\n' +
      '        if (!value) {\n' +
      '          warn(`Cannot polyfill \\`${name}\\`, rendering may be broken.`);\n' +
      '        }\n' +
      '        return settle(value);\n' +
      '      },\n' +
      '      set: settle,\n' +
      '    });\n' +
      '  }\n',
  },
  {
    name: 'make the path-scaling matrix when first needed',
    find: 'const SCALE_MATRIX = new DOMMatrix();\n',
    replace: 'let SCALE_MATRIX = null;\n',
  },
  {
    name: 'make the path-scaling matrix before its first use',
    find: '    SCALE_MATRIX.a = 1 / scaleX;\n',
    replace: '    SCALE_MATRIX ??= new DOMMatrix();\n    SCALE_MATRIX.a = 1 / scaleX;\n',
  },
];

/** @type {import("./pdfjs-patches.js").PdfjsPatch[]} */
export const WORKER_PATCHES = [
  NO_RESPONSE_CHECK,
  DECODED_STREAM_LIMIT,
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
  {
    name: 'leave shadings unbuilt in analysis reads',
    find:
      '    let patternIR;\n' +
      '    try {\n' +
      '      const shadingFill = Pattern.parseShading(',
    replace:
      '    if (this.perfectParserSkipImageData === true && !this.parsingType3Font) {\n' +
      '      id = `pattern_${this.idFactory.createObjId()}`;\n' +
      '      localShadingPatternCache.set(shading, id);\n' +
      '      this.handler.send("obj", [id, this.pageIndex, "Pattern", null]);\n' +
      '      return id;\n' +
      '    }\n' +
      '    let patternIR;\n' +
      '    try {\n' +
      '      const shadingFill = Pattern.parseShading(',
  },
];

/** A pdf.js module's source with `patches` applied; throws naming a patch whose text is missing
 *  or found more than once. */
export function patchPdfjs(source, patches) {
  let out = source;
  for (const { name, find, replace } of patches) {
    const first = out.indexOf(find);
    if (first < 0 || out.indexOf(find, first + 1) >= 0) {
      throw new Error(
        `pdf.js patch "${name}": its text was ${first < 0 ? 'not found' : 'found more than once'} in this pdfjs-dist; see scripts/pdfjs-patches.js.`,
      );
    }
    out = out.slice(0, first) + replace + out.slice(first + find.length);
  }
  return out;
}
