#!/usr/bin/env node
// Cypher lint harness for graphmodel's tests.
//
// Input (stdin, JSON):
//   {
//     "schema": {
//       "labels": ["Enterprise", ...],
//       "relationshipTypes": ["COVERS", ...],
//       "propertyKeys": ["id", ...],
//       "parameters": {"mode": "example value or type name", ...},   // optional
//       "paths": [{"from": "PartyOrg", "type": "COVERS", "to": "Enterprise"}, ...]
//                                   // optional; "graphSchema" / "relType" also accepted
//       "defaultLanguage": "CYPHER 5" | "CYPHER 25"                   // optional
//     },
//     "statements": [{"name": "...", "text": "..."}, ...]
//   }
// Output (stdout, JSON):
//   [{"name": "...", "diagnostics": [{"severity": "error"|"warning", "message": "...",
//     "line": 1-based, "column": 1-based, "offset": 0-based, "source": "..."}]}]
// Exit status: 0 when linting ran (whatever it found), 2 on bad input.
//
// Two sources of diagnostics, named in each diagnostic's "source":
//
// "language-support": Neo4j's own linter, @neo4j-cypher/language-support's
//   lintCypherQuery (we call its variant that accepts an already-parsed query, so the
//   statement is parsed once). It reports syntax errors, Neo4j's semantic analysis
//   (undefined variables, type errors, notifications such as cartesian products),
//   undefined $parameters, and -- only in READ contexts (MATCH, OPTIONAL MATCH,
//   WHERE, RETURN, EXISTS/COUNT subqueries) -- labels, relationship types and property
//   keys missing from the schema, plus relationship patterns whose endpoints the
//   graph schema ("graphSchema" = our "paths") does not allow, e.g. a relationship
//   written in the wrong direction.
//
// "graphmodel-schema": checks added here because the package deliberately skips
//   them (it assumes a write may introduce new names, which our closed schema forbids):
//   * labels / relationship types in CREATE, MERGE, INSERT, SET n:L, REMOVE n:L and in
//     index/constraint commands;
//   * property keys in write contexts (pattern maps in CREATE/MERGE, SET n.p, REMOVE
//     n.p), in anonymous node/relationship maps, in map projections (n {.p}) and in
//     index/constraint property lists;
//   * endpoint (direction) checks of CREATE/MERGE/INSERT patterns and of pattern
//     predicates / pattern comprehensions (e.g. WHERE (a)-[:T]->(b)), which the
//     package's graph-schema check does not visit.
//   These walk the ANTLR parse tree produced by the package's own parser. Where the
//   package already reported the same label/type at the same position, ours is dropped.
//   For property keys ours REPLACE the package's warnings: the package attributes a
//   property read inside a pattern map to the pattern's node, so in
//   MATCH (a:A {id: row.source}) it wrongly reports `source` as unknown.
//
// Node: the pinned package declares engines node >= 24.11.1, but everything this file
// uses runs on Node 20 (checked on 20.20); only its autocompletion code needs the
// ES2025 Set methods. Install with `npm ci --engine-strict=false` (tests/cypher_lint.py
// does), which only silences npm's EBADENGINE warning policy.
//
// Parameters: when the schema has no "parameters" key, the package's
// "Parameter $x is not defined." errors are dropped (nothing to check against).

import { readFileSync } from 'node:fs';

// The public entry point is only used to locate the package: the parse tree and the
// pre-parsed lint variant live in modules that the package's index does not re-export
// (its version is pinned exactly in package.json, so these paths are stable).
const indexUrl = import.meta.resolve('@neo4j-cypher/language-support');
const pkgModule = (rel) => import(new URL(rel, indexUrl).href);

const [{ createParsingResult }, { lintCypherQueryWithParsingResult }, P] = await Promise.all([
  pkgModule('./cypherLanguageService.js'),
  pkgModule('./syntaxValidation/syntaxValidation.js'),
  pkgModule('./generated-parser/CypherCmdParser.js'),
]);

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'warning', 4: 'warning' };
const NOT_PRESENT =
  " is not present in the database. Make sure you didn't misspell it or that it is available when you run this statement in your application";

// ---------------------------------------------------------------- schema

function toDbSchema(schema) {
  const db = {};
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (schema[key] !== undefined) {
      if (!Array.isArray(schema[key])) throw new Error(`schema.${key} must be a list`);
      db[key] = schema[key].map(String);
    }
  }
  if (schema.parameters !== undefined) {
    const p = schema.parameters;
    // A list of names is accepted too; the package only checks that a name is defined.
    db.parameters = Array.isArray(p)
      ? Object.fromEntries(p.map((n) => [String(n), true]))
      : Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? null]));
  }
  const paths = schema.paths ?? schema.graphSchema;
  if (paths !== undefined) {
    if (!Array.isArray(paths)) throw new Error('schema.paths must be a list');
    db.graphSchema = paths.map((p) => ({
      from: String(p.from),
      relType: String(p.type ?? p.relType),
      to: String(p.to),
    }));
  }
  for (const key of ['defaultLanguage', 'functions', 'procedures']) {
    if (schema[key] !== undefined) db[key] = schema[key];
  }
  return db;
}

// ---------------------------------------------------------------- tree helpers

function* walk(ctx) {
  yield ctx;
  for (const child of ctx.children ?? []) {
    if (!('symbol' in child)) yield* walk(child); // terminals (tokens) carry a `symbol`
  }
}

function ancestor(ctx, ...classes) {
  let cur = ctx.parent;
  while (cur) {
    if (classes.some((c) => cur instanceof c)) return cur;
    cur = cur.parent;
  }
  return null;
}

function nearestOf(ctx, classes) {
  // Which of `classes` is the nearest ancestor of ctx (or null).
  let cur = ctx.parent;
  while (cur) {
    for (const c of classes) if (cur instanceof c) return c;
    cur = cur.parent;
  }
  return null;
}

const unquote = (s) => s.replace(/^`|`$/g, '').replace(/``/g, '`');

function isWriteClause(ctx) {
  const clause = ancestor(ctx, P.ClauseContext);
  return Boolean(clause && (clause.createClause() || clause.mergeClause() || clause.insertClause()));
}

// Names of a label expression that is a plain conjunction (:A, :A:B, :A&B); null when it
// uses |, !, %, parentheses or dynamic labels (then no endpoint check is attempted).
function conjunctionLabels(labelExpr) {
  if (!labelExpr) return [];
  const e4 = labelExpr.labelExpression4();
  if (e4.labelExpression3().length !== 1) return null;
  const names = [];
  for (const e2 of e4.labelExpression3(0).labelExpression2()) {
    if (e2.EXCLAMATION_MARK().length > 0) return null;
    const e1 = e2.labelExpression1();
    if (!(e1 instanceof P.LabelNameContext)) return null;
    names.push(unquote(e1.symbolicNameString().getText()));
  }
  return names;
}

function symbolFor(variableCtx, symbolTable) {
  if (!variableCtx) return undefined;
  const pos = variableCtx.start.start;
  const name = unquote(variableCtx.getText());
  return (
    symbolTable.find((s) => s.references.includes(pos)) ??
    symbolTable.find((s) => s.variable === name)
  );
}

// Labels a node pattern certainly has: its own conjunction plus, for a variable bound
// earlier, the conjunction the semantic analysis recorded for it. null = unknowable.
function nodeLabels(node, symbolTable) {
  let own;
  if (node instanceof P.InsertNodePatternContext) {
    const e = node.insertNodeLabelExpression();
    own = e ? e.symbolicNameString().map((s) => unquote(s.getText())) : [];
  } else {
    own = conjunctionLabels(node.labelExpression());
  }
  if (own === null) return null;
  const labels = new Set(own);
  const sym = symbolFor(node.variable(), symbolTable);
  const tree = sym?.labels;
  if (tree && tree.condition === 'and' && tree.children.every((c) => 'value' in c)) {
    for (const c of tree.children) labels.add(c.value);
  }
  return labels;
}

// The single literal type of a relationship pattern, or null (none, |, !, %, var-length).
function relType(rel) {
  if (rel instanceof P.InsertRelationshipPatternContext) {
    const e = rel.insertRelationshipLabelExpression();
    return e ? unquote(e.symbolicNameString().getText()) : null;
  }
  if (rel.pathLength()) return null;
  const names = conjunctionLabels(rel.labelExpression());
  return names && names.length === 1 ? names[0] : null;
}

function direction(rel) {
  const left = Boolean(rel.leftArrow());
  const right = Boolean(rel.rightArrow());
  if (right && !left) return 'right';
  if (left && !right) return 'left';
  return 'undirected';
}

function diag(ctxOrToken, message, severity = 'warning', stopToken = undefined) {
  const tok = ctxOrToken.start ?? ctxOrToken;
  const stop = stopToken ?? ctxOrToken.stop ?? tok;
  return {
    severity,
    message,
    line: tok.line,
    column: tok.column + 1,
    offset: tok.start,
    endOffset: stop.stop + 1,
    source: 'graphmodel-schema',
  };
}

// ---------------------------------------------------------------- our checks

// Returns our diagnostics and the offsets of every property key name in the statement
// (used to replace the package's property warnings, see lintOne).
function schemaChecks(statement, db, symbolTable) {
  const out = [];
  const propertyKeyOffsets = new Set();
  const labels = db.labels ? new Set(db.labels) : null;
  const types = db.relationshipTypes ? new Set(db.relationshipTypes) : null;
  const keys = db.propertyKeys ? new Set(db.propertyKeys) : null;

  const checkName = (nameCtx, kind) => {
    const name = unquote(nameCtx.getText());
    let known;
    if (kind === 'Label') known = labels ? labels.has(name) : true;
    else if (kind === 'Relationship type') known = types ? types.has(name) : true;
    else known = (labels ? labels.has(name) : true) || (types ? types.has(name) : true);
    if (!known) out.push(diag(nameCtx, `${kind} ${name}${NOT_PRESENT}`));
  };
  const kindByPosition = (ctx) => {
    const c = nearestOf(ctx, [
      P.NodePatternContext,
      P.RelationshipPatternContext,
      P.CommandNodePatternContext,
      P.CommandRelPatternContext,
    ]);
    if (c === P.NodePatternContext || c === P.CommandNodePatternContext) return 'Label';
    if (c === P.RelationshipPatternContext || c === P.CommandRelPatternContext)
      return 'Relationship type';
    return 'Label or relationship type';
  };
  const isEntityVariable = (variableCtx) => {
    const sym = symbolFor(variableCtx, symbolTable);
    return Boolean(
      sym && sym.types.length > 0 && sym.types.every((t) => t === 'Node' || t === 'Relationship'),
    );
  };
  const checkKey = (keyCtx) => {
    const name = unquote(keyCtx.getText());
    if (keys && !keys.has(name)) out.push(diag(keyCtx, `${name}${NOT_PRESENT}`));
  };

  for (const ctx of walk(statement.ctx)) {
    // ---- labels and relationship types
    if (ctx instanceof P.LabelNameContext) {
      checkName(ctx.symbolicNameString(), kindByPosition(ctx));
    } else if (ctx instanceof P.LabelTypeContext) {
      checkName(ctx.symbolicNameString(), 'Label');
    } else if (ctx instanceof P.RelTypeContext) {
      checkName(ctx.symbolicNameString(), 'Relationship type');
    } else if (ctx instanceof P.LabelOrRelTypeContext) {
      checkName(ctx.symbolicNameString(), 'Label or relationship type');
    } else if (ctx instanceof P.NodeLabelsIsContext && ctx.symbolicNameString()) {
      checkName(ctx.symbolicNameString(), 'Label');
    } else if (
      ctx instanceof P.InsertNodeLabelExpressionContext ||
      ctx instanceof P.MultiLabelNodePatternContext
    ) {
      for (const s of ctx.symbolicNameString()) checkName(s, 'Label');
    } else if (ctx instanceof P.InsertRelationshipLabelExpressionContext) {
      checkName(ctx.symbolicNameString(), 'Relationship type');
    } else if (ctx instanceof P.MultiRelTypeRelPatternContext) {
      for (const s of ctx.symbolicNameString()) checkName(s, 'Relationship type');
    }
    // ---- property keys
    else if (ctx instanceof P.PropertyKeyNameContext) {
      propertyKeyOffsets.add(ctx.start.start);
      const parent = ctx.parent;
      if (parent instanceof P.MapContext) {
        // A map written inside a node/relationship pattern: its keys are properties.
        const owner = parent.parent;
        if (
          owner instanceof P.PropertiesContext ||
          owner instanceof P.InsertNodePatternContext ||
          owner instanceof P.InsertRelationshipPatternContext
        ) {
          checkKey(ctx);
        } else {
          // SET n = {...} / SET n += {...}: a map literal that is the whole right-hand
          // side (only single-child wrapper rules between it and the SET item).
          let cur = owner;
          while (cur && cur.children?.length === 1) cur = cur.parent;
          if (
            (cur instanceof P.SetPropsContext || cur instanceof P.AddPropContext) &&
            isEntityVariable(cur.variable())
          ) {
            checkKey(ctx);
          }
        }
      } else if (parent instanceof P.PropertyContext) {
        const holder = parent.parent;
        if (holder instanceof P.PropertyListContext || holder instanceof P.EnclosedPropertyListContext) {
          checkKey(ctx); // index / constraint property
        } else if (holder instanceof P.MapProjectionElementContext) {
          if (isEntityVariable(holder.parent.variable())) checkKey(ctx); // n {.p}
        } else if (holder instanceof P.PropertyPostfixContext) {
          // x.p (only the first postfix of a bare variable: n.p.q is a map lookup on n.p)
          const expr2 = holder.parent;
          if (expr2 instanceof P.Expression2Context && expr2.postFix(0) === holder) {
            const variable = expr2.expression1().variable();
            if (variable && isEntityVariable(variable)) checkKey(ctx);
          }
        }
      }
    }
  }

  // ---- endpoint checks for patterns the package's graph-schema check does not visit
  if (db.graphSchema) {
    const allowed = db.graphSchema;
    const typesInPaths = new Set(allowed.map((p) => p.relType));
    const elements = [];
    for (const ctx of walk(statement.ctx)) {
      if (ctx instanceof P.PatternElementContext && isWriteClause(ctx)) elements.push(ctx);
      else if (ctx instanceof P.PathPatternNonEmptyContext) elements.push(ctx);
      else if (ctx instanceof P.InsertPatternContext) elements.push(ctx);
    }
    for (const el of elements) {
      const parts = (el.children ?? []).filter(
        (c) =>
          c instanceof P.NodePatternContext ||
          c instanceof P.RelationshipPatternContext ||
          c instanceof P.InsertNodePatternContext ||
          c instanceof P.InsertRelationshipPatternContext ||
          c instanceof P.QuantifierContext ||
          c instanceof P.ParenthesizedPathContext,
      );
      for (let i = 1; i + 1 < parts.length; i++) {
        const [left, rel, right] = [parts[i - 1], parts[i], parts[i + 1]];
        const isRel =
          rel instanceof P.RelationshipPatternContext ||
          rel instanceof P.InsertRelationshipPatternContext;
        const isNode = (n) =>
          n instanceof P.NodePatternContext || n instanceof P.InsertNodePatternContext;
        if (!isRel || !isNode(left) || !isNode(right)) continue; // quantified / nested: skip
        const type = relType(rel);
        if (type === null) continue;
        if (types && !types.has(type)) continue; // already reported as unknown
        const l = nodeLabels(left, symbolTable);
        const r = nodeLabels(right, symbolTable);
        if (l === null || r === null) continue;
        const dir = direction(rel);
        const fits = (from, to) =>
          allowed.some(
            (p) =>
              p.relType === type &&
              (from.size === 0 || from.has(p.from)) &&
              (to.size === 0 || to.has(p.to)),
          );
        const ok =
          dir === 'right' ? fits(l, r) : dir === 'left' ? fits(r, l) : fits(l, r) || fits(r, l);
        if (ok) continue;
        const show = (s) => (s.size ? `:${[...s].join(':')}` : '');
        const arrow =
          dir === 'right' ? ['-', '->'] : dir === 'left' ? ['<-', '-'] : ['-', '-'];
        const legal = allowed
          .filter((p) => p.relType === type)
          .map((p) => `(:${p.from})-[:${type}]->(:${p.to})`);
        const message =
          `(${show(l)})${arrow[0]}[:${type}]${arrow[1]}(${show(r)}) is not allowed by the graph schema; ` +
          (typesInPaths.has(type)
            ? `allowed: ${legal.join(', ')}`
            : `no path in the schema uses [:${type}]`);
        out.push(diag(left, message, 'warning', right.stop));
      }
    }
  }
  return { diagnostics: out, propertyKeyOffsets };
}

// ---------------------------------------------------------------- driver

function lintOne(text, db, checkParameters) {
  if (text.trim() === '') return [];
  const parsingResult = createParsingResult(text, { consoleCommandsEnabled: false });
  const { diagnostics, symbolTables } = lintCypherQueryWithParsingResult(text, db, {
    consoleCommandsEnabled: false,
    parsingResult,
  });
  const theirs = diagnostics
    .filter(
      (d) =>
        checkParameters ||
        !(d.message.startsWith('Parameter ') && d.message.endsWith(' is not defined.')),
    )
    .map((d) => ({
      severity: SEVERITY[d.severity] ?? 'warning',
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      offset: d.offsets?.start ?? null,
      endOffset: d.offsets?.end ?? null,
      source: 'language-support',
    }));

  // Our checks need a clean parse; with syntax errors the package's report suffices.
  const ours = [];
  const propertyKeyOffsets = new Set();
  parsingResult.statementsParsing.forEach((statement, i) => {
    if (statement.syntaxErrors.length > 0) return;
    const found = schemaChecks(statement, db, symbolTables[i] ?? []);
    ours.push(...found.diagnostics);
    found.propertyKeyOffsets.forEach((o) => propertyKeyOffsets.add(o));
  });
  // Property keys: ours replace the package's. The package attributes a property access
  // inside a node pattern's map to that node -- in MATCH (a:A {id: row.source}) it
  // reports `source` as an unknown property of `a` -- while our check looks at the
  // variable the key is actually read from, and covers every place the package does.
  const kept = theirs.filter(
    (d) => !(d.message.endsWith(NOT_PRESENT) && propertyKeyOffsets.has(d.offset)),
  );
  // Labels and relationship types: ours only add what the package skipped.
  const reported = new Set(
    kept.filter((d) => d.message.endsWith(NOT_PRESENT)).map((d) => d.offset),
  );
  const extra = ours.filter((d) => !(d.message.endsWith(NOT_PRESENT) && reported.has(d.offset)));

  const seen = new Set();
  return [...kept, ...extra]
    .filter((d) => {
      const key = `${d.offset}|${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : 1));
}

function main() {
  let input;
  try {
    input = JSON.parse(readFileSync(0, 'utf8'));
  } catch (err) {
    process.stderr.write(`lint.mjs: stdin is not valid JSON: ${err.message}\n`);
    process.exit(2);
  }
  let db;
  try {
    if (!input || typeof input !== 'object' || !Array.isArray(input.statements)) {
      throw new Error('expected {"schema": {...}, "statements": [{"name", "text"}, ...]}');
    }
    db = toDbSchema(input.schema ?? {});
  } catch (err) {
    process.stderr.write(`lint.mjs: bad input: ${err.message}\n`);
    process.exit(2);
  }
  const checkParameters = db.parameters !== undefined;
  const results = input.statements.map(({ name, text }) => {
    let diagnostics;
    try {
      diagnostics = lintOne(String(text ?? ''), db, checkParameters);
    } catch (err) {
      // Surface linter crashes as an error on the statement rather than dying silently.
      diagnostics = [
        {
          severity: 'error',
          message: `internal linter failure: ${err?.stack ?? err}`,
          line: 1,
          column: 1,
          offset: 0,
          endOffset: 0,
          source: 'lint-internal',
        },
      ];
    }
    return { name: String(name), diagnostics };
  });
  process.stdout.write(JSON.stringify(results) + '\n');
}

main();
