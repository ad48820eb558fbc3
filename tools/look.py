#!/usr/bin/env python3
# The house at a glance: module import circles, arrows, files over 500 lines.
# `python3 tools/look.py .` (add --edges for the arrows inside a circle).
# A module and its own submodules are one unit (no arrow between them); an
# arrow to a folder root reaches what that root takes from its own files.
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
src = os.path.join(root, 'src')
mods = {}  # module path -> file
for d, _, fs in os.walk(src):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.relpath(os.path.join(d, f), src)[:-3].split(os.sep)
        if p[-1] in ('mod', 'lib', 'main'): p = p[:-1]
        if p and p[0] == 'bin': continue
        mods['::'.join(p)] = os.path.join(d, f)
def strip_tests(text):
    # drop each item marked #[cfg(test)] (a `mod tests { … }` block, a
    # `mod tests;`, or one item up to its closing brace or semicolon)
    out, i = [], 0
    while True:
        j = text.find('#[cfg(test)]', i)
        if j < 0:
            out.append(text[i:]); break
        out.append(text[i:j])
        k = j + len('#[cfg(test)]')
        depth, started = 0, False
        while k < len(text):
            c = text[k]
            if c == '{': depth += 1; started = True
            elif c == '}':
                depth -= 1
                if started and depth == 0: k += 1; break
            elif c == ';' and not started: k += 1; break
            k += 1
        i = k
    return ''.join(out)
def resolve(cur, path):
    parts = path.split('::')
    if parts[0] == 'crate': base = []; parts = parts[1:]
    elif parts[0] == 'super':
        base = cur.split('::') if cur else []
        # super from a mod.rs file vs plain file: module path is the module itself
        base = base[:-1]; parts = parts[1:]
        while parts and parts[0] == 'super': base = base[:-1]; parts = parts[1:]
    elif parts[0] == 'self': base = cur.split('::') if cur else []; parts = parts[1:]
    else: return None
    full = base + parts
    for n in range(len(full), 0, -1):
        m = '::'.join(full[:n])
        if m in mods: return m
    return None
edges = {m: set() for m in mods}
use_re = re.compile(r'\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)(?:::\{([^;]*?)\})?', re.S)
alias_re = re.compile(r'\buse\s+((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)\s*;')
for m, f in mods.items():
    text = strip_tests(open(f).read())
    text = re.sub(r'//[^\n]*', '', text)
    # names bound to modules by `use …::name;`, and child modules: paths through them
    names = {}
    for mt in alias_re.finditer(text):
        r = resolve(m, mt.group(1))
        if r and r.split('::')[-1] == mt.group(1).split('::')[-1]:
            names[r.split('::')[-1]] = r
    for child in re.findall(r'\bmod\s+([a-z_][a-z0-9_]*)\s*;', text):
        names[child] = (m + '::' + child) if m else child
    for name, full in names.items():
        for mt in re.finditer(r'(?<![A-Za-z0-9_:])' + name + r'((?:::[A-Za-z_][A-Za-z0-9_]*)+)', text):
            r = resolve('', 'crate::' + full + mt.group(1))
            if r and r != m:
                edges[m].add(r)
    for mt in use_re.finditer(text):
        base = mt.group(1)
        targets = [base]
        if mt.group(2):
            for item in re.split(r',', mt.group(2)):
                item = item.strip().split(' as ')[0].strip()
                item = re.sub(r'\{.*', '', item).strip(':')
                if item and item != 'self': targets.append(base + '::' + item)
        for t in targets:
            r = resolve(m, t)
            # a module and its own submodules are one unit: no arrow between them
            if r and r != m:
                edges[m].add(r)
# A module and its ancestors are one unit: no arrow between them. An arrow
# to a folder's root reaches whatever that root takes from its own files.
def nested(a, b):
    return a.startswith(b + '::') or b.startswith(a + '::')
def down(p, seen):
    for c in edges[p]:
        if c.startswith(p + '::') and c not in seen:
            seen.add(c); down(c, seen)
    return seen
full = {m: set() for m in mods}
for m, es in edges.items():
    for e in es:
        if nested(m, e): continue
        full[m].add(e)
        full[m].update(x for x in down(e, set()) if not nested(m, x))
edges = full
# Tarjan
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
for v in mods:
    if v not in idx: sc(v)
def internal(s):
    # a folder's own circle: one member is the folder all the others are in
    return any(all(x == a or x.startswith(a + '::') for x in s) for a in s)
circles = [sorted(s) for s in sccs if len(s) > 1]
lines = {m: sum(1 for _ in open(f)) for m, f in mods.items()}
print(f'files: {len(mods)}  lines: {sum(lines.values())}  arrows: {sum(len(e) for e in edges.values())}')
print(f'circles: {len(circles)}')
for s in sorted(circles, key=len, reverse=True):
    print(f'  {len(s)}: ' + ', '.join(s))
big = sorted(((l, mods[m]) for m, l in lines.items() if l > 500), reverse=True)
print(f'files over 500 lines: {len(big)}')
for l, f in big: print(f'  {l} {os.path.relpath(f, root)}')
if '--edges' in sys.argv:
    circ = set(x for s in circles for x in s)
    for m in sorted(circ):
        print(m, '->', ', '.join(sorted(e for e in edges[m] if e in circ)))
