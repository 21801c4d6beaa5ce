#!/usr/bin/env python3
"""Groups the output of `HeapStat --diff a.tsv b.tsv N 100000` (bytes per unit by type) into broad categories."""
import collections, re, sys
rows = []
for line in open(sys.argv[1]).read().splitlines()[2:]:
    p = line.split(None, 2)
    if len(p) == 3:
        rows.append((float(p[0]), p[2]))
def category(t):
    if 'DependencyInjection.ServiceLookup' in t: return 'DI scopes (resolved-services dictionaries of live scopes)'
    if 'EntityFrameworkCore' in t or 'SalesMateDbContext' in t: return 'EF Core (DbContext, StateManager, options, loggers)'
    if 'Sqlite' in t or 'SQLitePCL' in t: return 'SQLite connection objects (Microsoft.Data.Sqlite, SQLitePCL functions)'
    if t.startswith('OpenAI') or 'ClientModel' in t: return 'OpenAI SDK / System.ClientModel'
    if 'Microsoft.Extensions.AI' in t: return 'Microsoft.Extensions.AI'
    if 'Kestrel' in t or 'AspNetCore' in t or 'Pipelines' in t: return 'ASP.NET Core / Kestrel'
    if 'System.Net.' in t: return 'System.Net (HttpClient, sockets)'
    if t.startswith('SalesMate'): return 'SalesMate types'
    if t == 'System.Byte[]': return 'byte[] (buffers)'
    if t in ('System.String', 'System.Char[]'): return 'strings / char[]'
    if 'CancellationTokenSource' in t or 'Timer' in t: return 'CancellationTokenSource registrations / timers'
    if re.search(r'Dictionary|List|Int32\[\]|Object\[\]', t): return 'other collections'
    return 'other'
sums = collections.Counter()
for b, t in rows:
    sums[category(t)] += b
total = sum(sums.values())
for k, v in sums.most_common():
    print(f"{v / 1024:7.1f} KB {100 * v / total:5.1f}%  {k}")
print(f"{total / 1024:7.1f} KB total per unit")
