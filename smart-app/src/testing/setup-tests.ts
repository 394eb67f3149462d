import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// fhirclient's browser entry installs an AbortController polyfill when `Request.prototype` does not own `signal`, as in
// old browsers. vitest's jsdom `Request` is a subclass of Node's, so it inherits `signal` and the check failed: the
// polyfill replaced AbortController, and Node 24's fetch rejects its signals ("Expected signal to be an instance of
// AbortSignal"). Giving the subclass the inherited accessor makes the check see what a browser has.
const inheritedSignal = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Request.prototype) as object, 'signal');
if (inheritedSignal && !Object.hasOwn(Request.prototype, 'signal')) {
  Object.defineProperty(Request.prototype, 'signal', inheritedSignal);
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
