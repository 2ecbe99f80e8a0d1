// The server's architecture as lint rules (see ARCHITECTURE.md and docs/adr/0002-module-boundaries-and-access-policy.md):
// - a module owns its tables: another module reaches it only through its index.ts, which exports entity classes as
//   types at most (so nobody else can build a repository for them);
// - common/ and integrations/ depend on no module;
// - every write goes through Transactions.run: no writes through the DataSource itself, no other transactions.
import path from 'node:path';

const SERVER_SRC = `${path.sep}server${path.sep}src${path.sep}`;
const WRITE_METHODS = new Set([
  'insert',
  'update',
  'upsert',
  'save',
  'remove',
  'softRemove',
  'delete',
  'softDelete',
  'restore',
  'recover',
  'increment',
  'decrement',
  'clear',
]);

/** Where a file sits in server/src: its layer and, for modules, the module's name. */
function place(file) {
  const at = file.indexOf(SERVER_SRC);
  if (at < 0) return null;
  const rel = file.slice(at + SERVER_SRC.length).split(path.sep);
  if (rel[0] === 'modules' && rel.length > 2) return { layer: 'modules', module: rel[1], rest: rel.slice(2).join('/') };
  return { layer: rel.length > 1 ? rel[0] : 'root', module: null, rest: rel.slice(1).join('/') };
}

function resolved(context, source) {
  if (!source.startsWith('.')) return null;
  const from = path.dirname(context.filename);
  return path.resolve(from, source.replace(/\.js$/, '.ts'));
}

const importBoundary = {
  meta: {
    type: 'problem',
    docs: { description: 'A module is reached only through its index.ts; common/ and integrations/ import no module' },
    messages: {
      deep: '{{from}} reaches into module {{to}} ({{target}}): import what it exports from ../{{to}}/index.js',
      layer: '{{layer}}/ must not depend on modules/{{to}}: pass what it needs in (a registry, a port) instead',
    },
    schema: [],
  },
  create(context) {
    const me = place(context.filename);
    if (!me) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = resolved(context, source);
      if (!target) return;
      const there = place(target);
      if (!there || there.layer !== 'modules') return;
      if (me.layer === 'common' || me.layer === 'integrations') {
        context.report({ node, messageId: 'layer', data: { layer: me.layer, to: there.module } });
        return;
      }
      if (me.layer !== 'modules' || me.module === there.module) return;
      if (there.rest === 'index.ts') return;
      context.report({ node, messageId: 'deep', data: { from: me.module, to: there.module, target: there.rest } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const indexExportsNoEntities = {
  meta: {
    type: 'problem',
    docs: { description: "A module's index.ts exports its entities as types only (no repository can be built from a type)" },
    messages: { value: 'export the entity {{name}} as a type (`export type { … }`): other modules read it through a reader, never its repository' },
    schema: [],
  },
  create(context) {
    const me = place(context.filename);
    if (!me || me.layer !== 'modules' || me.rest !== 'index.ts') return {};
    return {
      ExportNamedDeclaration(node) {
        if (!node.source || !/\.entity\.js$/.test(node.source.value) || node.exportKind === 'type') return;
        for (const spec of node.specifiers)
          if (spec.exportKind !== 'type') context.report({ node: spec, messageId: 'value', data: { name: spec.exported.name } });
      },
      ExportAllDeclaration(node) {
        if (/\.entity\.js$/.test(node.source.value) && node.exportKind !== 'type') context.report({ node, messageId: 'value', data: { name: '*' } });
      },
    };
  },
};

/** `this.dataSource`, `dataSource`, `stack.dataSource` … */
function isDataSource(node) {
  if (!node) return false;
  if (node.type === 'Identifier') return node.name === 'dataSource';
  if (node.type === 'MemberExpression' && !node.computed) return node.property.name === 'dataSource';
  return false;
}

/** Walks down `a.b(...).c(...)` to the expression the chain starts from. */
function chainRoot(node) {
  let current = node;
  for (;;) {
    if (current.type === 'CallExpression') current = current.callee;
    else if (current.type === 'MemberExpression') {
      if (isDataSource(current)) return current;
      current = current.object;
    } else return current;
  }
}

const writesThroughTransactions = {
  meta: {
    type: 'problem',
    docs: { description: 'Every write goes through Transactions.run (the one transaction helper)' },
    messages: {
      write: '.{{method}}() through the DataSource writes outside a transaction: use Transactions.run((m) => m.{{method}}(…))',
      transaction: 'transactions are opened only by Transactions.run (SQLite serialises them there)',
    },
    schema: [],
  },
  create(context) {
    const me = place(context.filename);
    if (!me) return {};
    const isTransactionsHelper = me.layer === 'common' && me.rest === 'database/transactions.ts';
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed) return;
        const method = callee.property.name;
        // dataSource.transaction(…), dataSource.manager.transaction(…), queryRunner.startTransaction()
        const opensTransaction = (method === 'transaction' && isDataSource(chainRoot(callee.object))) || method === 'startTransaction';
        if (opensTransaction && !isTransactionsHelper) {
          context.report({ node, messageId: 'transaction' });
          return;
        }
        if (!WRITE_METHODS.has(method)) return;
        // dataSource.getRepository(X).update(…), dataSource.manager.insert(…), dataSource.createQueryBuilder().update(…)
        if (isDataSource(chainRoot(callee.object))) context.report({ node, messageId: 'write', data: { method } });
      },
    };
  },
};

export const moduleBoundaries = {
  meta: { name: 'yiban-module-boundaries' },
  rules: {
    'import-boundary': importBoundary,
    'index-exports-no-entities': indexExportsNoEntities,
    'writes-through-transactions': writesThroughTransactions,
  },
};
