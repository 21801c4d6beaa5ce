#!/usr/bin/env python3
"""Summarises a perf.data of a .NET process (see perf-after.sh): samples per thread, per leaf library, per nearest
SalesMate/bench frame on the (synchronous) stack, and per library anywhere on the stack. Async continuations split
stacks at awaits, so "nearest app frame" attributes work to the app method whose synchronous segment caused it."""
import re, sys, subprocess, collections
data = sys.argv[1]
out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
samples = []
cur = None
for line in out.splitlines():
    if not line.strip():
        if cur: samples.append(cur)
        cur = None; continue
    if not line.startswith((" ", "\t")):
        cur = {"comm": line.split()[0] if line.split() else "", "frames": []}
        # comm may have spaces: take up to tid
        cur["comm"] = re.split(r"\s+\d+\s*$", line.strip())[0]
        continue
    if cur is not None:
        cur["frames"].append(line.strip())
if cur: samples.append(cur)
asm_re = re.compile(r"\[([^\]]+)\] ([^\s\[]+)::")
def asm(frame):
    m = None
    for m in asm_re.finditer(frame): pass
    if m: return m.group(1), m.group(2)
    if "libe_sqlite3" in frame: return "sqlite(native)", ""
    if "libcoreclr" in frame: return "coreclr(native)", ""
    if "libclrjit" in frame: return "jit(native)", ""
    if "kernel" in frame: return "kernel", ""
    if "libc.so" in frame: return "libc", ""
    return "other", ""
total = len(samples)
by_thread = collections.Counter()
leaf_asm = collections.Counter()
app_owner = collections.Counter()
for s in samples:
    comm = s["comm"]
    by_thread[comm.split()[0] + " " + (comm.split()[1] if len(comm.split())>1 else "")] += 1
    fr = s["frames"]
    if not fr: continue
    a, _ = asm(fr[0])
    leaf_asm[a] += 1
    owner = None
    for f in fr:
        aa, t = asm(f)
        if aa in ("salesmate", "SalesMate.Bench"):
            # method name
            m = re.search(r"::([^\(]+)\(", f)
            owner = (t.split("+")[0].split(".")[-1] + "." + (t.split("+<")[1].split(">")[0] if "+<" in t else (m.group(1) if m else "")))
            owner = aa + ":" + owner
            break
    if owner is None:
        # first frame that's a known framework owner
        for f in fr:
            aa, t = asm(f)
            if aa.startswith(("Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Net.Sockets")):
                owner = "framework I/O: " + aa; break
        if owner is None:
            owner = "no app frame: " + ("GC" if "GC" in s["comm"] else s["comm"].split()[0] + " " + (s["comm"].split()[1] if len(s["comm"].split())>1 else "")) 
    app_owner[owner] += 1
def show(title, c, n=30):
    print(f"== {title} (of {total} samples)")
    for k, v in c.most_common(n): print(f"{100.0*v/total:6.1f}%  {k}")
show("threads", by_thread, 10)
show("leaf assembly / library", leaf_asm, 25)
show("nearest app frame on the stack (sync segment)", app_owner, 40)
# share of samples with a given library anywhere on the stack
lib = collections.Counter()
for s in samples:
    seen=set()
    for f in s["frames"]:
        a,_=asm(f)
        if a.startswith("Microsoft.EntityFrameworkCore") or a in ("Microsoft.Data.Sqlite","sqlite(native)") or a.startswith("SQLitePCL") or a.startswith("Npgsql"): seen.add("EF Core + ADO.NET provider + SQLite")
        if a in ("OpenAI","System.ClientModel"): seen.add("OpenAI SDK / System.ClientModel")
        if a == "System.Text.Json": seen.add("System.Text.Json")
        if a.startswith("Microsoft.Extensions.DependencyInjection"): seen.add("DI (scopes, resolution)")
        if a.startswith("Microsoft.AspNetCore"): seen.add("ASP.NET Core")
        if a == "jit(native)": seen.add("JIT")
    if "GC" in s["comm"]: seen.add("GC threads")
    for k in seen: lib[k]+=1
show("library anywhere on the stack (inclusive)", lib, 20)
