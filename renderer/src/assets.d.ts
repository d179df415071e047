// Vite turns CSS imports into <style>/<link>; TypeScript only needs to know they exist.
declare module '*.css';
// `?url` imports give the built asset's URL (the ELK worker script).
declare module '*?url' {
  const url: string;
  export default url;
}
