import type { Schemas } from '../../api/client';

// A rule's condition as the editor holds it: the API's AND/OR/NOT tree with an id on every node, so React keys
// stay stable while nodes move, and pure operations that return a new tree (the editor never mutates one).

export type Condition = Schemas['Condition'];

export interface Predicate {
  id: string;
  kind: 'predicate';
  fact: string;
  op: string;
  value?: unknown;
  /** Compare with another number fact times a factor instead of a value. */
  valueFact?: string;
  factor?: number;
}
export interface Group { id: string; kind: 'all' | 'any'; children: Node[] }
export interface Not { id: string; kind: 'not'; child: Node }
export type Node = Predicate | Group | Not;

let counter = 0;
const nextId = () => `n${++counter}`;

export function predicate(fact = '', op = '', value?: unknown): Predicate {
  return { id: nextId(), kind: 'predicate', fact, op, value };
}

export function group(kind: 'all' | 'any' = 'all', children: Node[] = []): Group {
  return { id: nextId(), kind, children };
}

/** Reads the API's JSON; a missing condition becomes an empty AND group. */
export function fromJson(c: Condition | null | undefined): Node {
  if (!c) return group('all');
  if (c.all) return group('all', c.all.map(fromJson));
  if (c.any) return group('any', c.any.map(fromJson));
  if (c.not) return { id: nextId(), kind: 'not', child: fromJson(c.not) };
  const p = predicate(c.fact ?? '', c.op ?? '', c.value ?? undefined);
  if (c.valueFact) {
    p.valueFact = c.valueFact;
    if (c.factor != null) p.factor = c.factor;
  }
  return p;
}

/** The JSON the API takes: only the properties a node uses, so the server's validation reads it as written. */
export function toJson(node: Node): Condition {
  switch (node.kind) {
    case 'all': return { all: node.children.map(toJson) };
    case 'any': return { any: node.children.map(toJson) };
    case 'not': return { not: toJson(node.child) };
    default: {
      const c: Condition = { fact: node.fact, op: node.op };
      if (node.valueFact) {
        c.valueFact = node.valueFact;
        if (node.factor != null) c.factor = node.factor;
      } else if (node.value !== undefined && node.value !== null && node.op !== 'isSet' && node.op !== 'isNotSet') {
        c.value = node.value;
      }
      return c;
    }
  }
}

/** Rebuilds the tree with `fn` applied to the node with `id` (null from fn removes it from its parent). */
function mapNode(node: Node, id: string, fn: (n: Node) => Node | null): Node | null {
  if (node.id === id) return fn(node);
  if (node.kind === 'all' || node.kind === 'any') {
    let changed = false;
    const children: Node[] = [];
    for (const child of node.children) {
      const next = mapNode(child, id, fn);
      if (next !== child) changed = true;
      if (next) children.push(next);
    }
    return changed ? { ...node, children } : node;
  }
  if (node.kind === 'not') {
    const child = mapNode(node.child, id, fn);
    if (child === node.child) return node;
    // A NOT whose only child is removed goes with it.
    return child ? { ...node, child } : null;
  }
  return node;
}

function apply(root: Node, id: string, fn: (n: Node) => Node | null): Node {
  return mapNode(root, id, fn) ?? group('all');
}

export function find(root: Node, id: string): Node | undefined {
  if (root.id === id) return root;
  if (root.kind === 'all' || root.kind === 'any') {
    for (const c of root.children) {
      const found = find(c, id);
      if (found) return found;
    }
  }
  if (root.kind === 'not') return find(root.child, id);
  return undefined;
}

/** Appends a child to an AND/OR group. */
export function addChild(root: Node, groupId: string, child: Node): Node {
  return apply(root, groupId, (n) => (n.kind === 'all' || n.kind === 'any' ? { ...n, children: [...n.children, child] } : n));
}

/** Removes a node (the root stays: removing it leaves an empty AND group). */
export function remove(root: Node, id: string): Node {
  if (root.id === id) return group('all');
  return apply(root, id, () => null);
}

/** Moves a node up (-1) or down (+1) among its siblings; at an end nothing changes. */
export function move(root: Node, id: string, delta: -1 | 1): Node {
  const parent = parentOf(root, id);
  if (!parent || parent.kind !== 'all' && parent.kind !== 'any') return root;
  const i = parent.children.findIndex((c) => c.id === id);
  const j = i + delta;
  if (j < 0 || j >= parent.children.length) return root;
  const children = [...parent.children];
  [children[i], children[j]] = [children[j], children[i]];
  return apply(root, parent.id, (n) => ({ ...(n as Group), children }));
}

/** Moves a node into another group (as its last child); refused when the target is the node itself or inside it. */
export function moveInto(root: Node, id: string, groupId: string): Node {
  const node = find(root, id);
  const target = find(root, groupId);
  if (!node || !target || (target.kind !== 'all' && target.kind !== 'any') || find(node, groupId) || root.id === id) return root;
  return addChild(remove(root, id), groupId, node);
}

export function parentOf(root: Node, id: string): Node | undefined {
  if (root.kind === 'all' || root.kind === 'any') {
    for (const c of root.children) {
      if (c.id === id) return root;
      const found = parentOf(c, id);
      if (found) return found;
    }
  }
  if (root.kind === 'not') return root.child.id === id ? root : parentOf(root.child, id);
  return undefined;
}

/** Switches a group between AND and OR. */
export function setGroupKind(root: Node, id: string, kind: 'all' | 'any'): Node {
  return apply(root, id, (n) => (n.kind === 'all' || n.kind === 'any' ? { ...n, kind } : n));
}

/** Puts NOT around a node, or takes it off when the node already is a NOT. */
export function toggleNot(root: Node, id: string): Node {
  return apply(root, id, (n) => (n.kind === 'not' ? n.child : { id: nextId(), kind: 'not', child: n }));
}

export function updatePredicate(root: Node, id: string, patch: Partial<Omit<Predicate, 'id' | 'kind'>>): Node {
  return apply(root, id, (n) => {
    if (n.kind !== 'predicate') return n;
    const next: Predicate = { ...n, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete (next as unknown as Record<string, unknown>)[key];
    return next;
  });
}

/** The JSON path of every node as the server names it in a 400 ("condition.all[0].not"), by node id. */
export function paths(root: Node, base = 'condition'): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: Node, path: string) => {
    out.set(n.id, path);
    if (n.kind === 'all' || n.kind === 'any') n.children.forEach((c, i) => walk(c, `${path}.${n.kind}[${i}]`));
    if (n.kind === 'not') walk(n.child, `${path}.not`);
  };
  walk(root, base);
  return out;
}

/** The server's messages for one node: those keyed by its own path, or a field of it (".fact", ".value[1]"). */
export function errorsFor(errors: Record<string, string[]>, path: string): { field: string; messages: string[] }[] {
  const out: { field: string; messages: string[] }[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    if (key === path) out.push({ field: '', messages });
    else if (key.startsWith(path + '.')) {
      const rest = key.slice(path.length + 1);
      // ".all[0]…" or ".not…" belong to a child node, which shows them itself.
      if (/^(all|any)\[\d+\]|^not(\.|$)/.test(rest)) continue;
      out.push({ field: rest.replace(/\[\d+\]$/, ''), messages });
    }
  }
  return out;
}

/** The groups a node may move into, numbered in reading order: not itself, not inside itself, not its own parent. */
export function targetsFor(root: Node, id: string): { id: string; kind: 'all' | 'any'; number: number }[] {
  const node = find(root, id);
  const parent = parentOf(root, id);
  const out: { id: string; kind: 'all' | 'any'; number: number }[] = [];
  let number = 0;
  const walk = (n: Node) => {
    if (n.kind === 'all' || n.kind === 'any') {
      number++;
      if (n.id !== parent?.id && !(node && find(node, n.id))) out.push({ id: n.id, kind: n.kind, number });
      n.children.forEach(walk);
    }
    if (n.kind === 'not') walk(n.child);
  };
  walk(root);
  return out;
}

/** Counts the predicates, for a short summary in lists. */
export function countPredicates(node: Node): number {
  if (node.kind === 'predicate') return 1;
  if (node.kind === 'not') return countPredicates(node.child);
  return node.children.reduce((n, c) => n + countPredicates(c), 0);
}
