// Vite turns CSS imports into <style>/<link>; TypeScript only needs to know they exist.
declare module '*.css';
