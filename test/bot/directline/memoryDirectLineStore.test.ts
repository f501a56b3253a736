// The local Direct Line's memory store (files mode) keeps the store contract.
import { MemoryDirectLineStore } from '../../../bot/directline/memoryDirectLineStore.js';
import { directLineStoreContract } from './directLineStoreContract.js';

directLineStoreContract('memory', async (options) => new MemoryDirectLineStore(options));
