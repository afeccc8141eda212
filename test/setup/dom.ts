// happy-dom has no IndexedDB: the outbox tests need a real implementation of the API.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});
