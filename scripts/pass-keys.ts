/**
 * The committee's tooling for temporary-pass keys (decision 0016), run on the committee's machine:
 *
 *   node --import tsx scripts/pass-keys.ts new-root <folder>
 *       writes committee-root.key.pem (0600, keep it off the gates) and committee-root.pub.pem
 *   node --import tsx scripts/pass-keys.ts certify <committee-root.key.pem> <gate-signing.pub.pem> <gateId> <compoundId>
 *       prints the gate's certificate; save it as <gate data>/secrets/gate-cert.txt on that gate,
 *       with committee-root.pub.pem beside it, and restart the gate
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certifyGate, newCommitteeRoot } from '../src/main/passes/keyStore';

const [command, ...args] = process.argv.slice(2);
if (command === 'new-root' && args.length === 1) {
  const root = newCommitteeRoot();
  writeFileSync(join(args[0]!, 'committee-root.key.pem'), root.privatePem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(args[0]!, 'committee-root.pub.pem'), root.publicPem, { flag: 'wx' });
  console.log(`committee root written to ${args[0]}`);
} else if (command === 'certify' && args.length === 4) {
  const [rootKey, gatePub, gateId, compoundId] = args as [string, string, string, string];
  console.log(certifyGate({ rootPrivatePem: readFileSync(rootKey, 'utf8'), gatePublicPem: readFileSync(gatePub, 'utf8'), gateId, compoundId, now: new Date() }));
} else {
  console.error('usage: pass-keys.ts new-root <folder> | certify <root.key.pem> <gate.pub.pem> <gateId> <compoundId>');
  process.exitCode = 2;
}
