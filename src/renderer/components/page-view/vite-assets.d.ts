// Vite's `?url` imports (the pdf.js worker is loaded from a URL the bundler emits).
declare module '*?url' {
  const url: string;
  export default url;
}
