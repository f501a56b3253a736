// stopword ships no type declarations; this covers the one list we use.
declare module 'stopword' {
  export const eng: string[];
}
