// tsyringe, inside @peculiar/x509, refuses to load unless the Reflect polyfill is evaluated first: keep this import on top.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
