// regenerator's runtime has no types: it is loaded only for its side effect (a global fontkit needs).
declare module 'regenerator-runtime/runtime.js';
