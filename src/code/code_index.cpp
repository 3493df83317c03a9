#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>

#include "code/module.h"
#include "term/atom_table.h"

namespace girder {

namespace {

struct ExportKey {
  Term m, f;
  Uint a;
  bool operator==(const ExportKey& o) const { return m == o.m && f == o.f && a == o.a; }
};
struct ExportKeyHash {
  size_t operator()(const ExportKey& k) const {
    return std::hash<Uint>()(k.m * 31 + k.f * 17 + k.a);
  }
};

struct Versions {
  std::unique_ptr<Module> current, old, on_load;
};

struct CodeIndex {
  std::shared_mutex lock;
  std::unordered_map<ExportKey, std::unique_ptr<Export>, ExportKeyHash> exports;
  std::unordered_map<Term, Versions> modules;
  // purged versions: no code, but literals and fun entries that heaps may
  // still refer to
  std::vector<std::unique_ptr<Module>> purged;
  // code ranges: start address -> module version
  std::map<const void*, Module*> ranges;
};

CodeIndex& index() {
  static CodeIndex ci;
  return ci;
}

}  // namespace

void (*export_init_hook)(Export*) = nullptr;

Export* export_put(Term module, Term function, Uint arity) {
  CodeIndex& ci = index();
  {
    std::shared_lock<std::shared_mutex> g(ci.lock);
    auto it = ci.exports.find({module, function, arity});
    if (it != ci.exports.end()) return it->second.get();
  }
  std::unique_lock<std::shared_mutex> g(ci.lock);
  auto& slot = ci.exports[{module, function, arity}];
  if (!slot) {
    slot = std::make_unique<Export>();
    slot->module = module;
    slot->function = function;
    slot->arity = arity;
    slot->address.store(nullptr);
    if (export_init_hook) export_init_hook(slot.get());
  }
  return slot.get();
}

Export* export_get(Term module, Term function, Uint arity) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.exports.find({module, function, arity});
  return it == ci.exports.end() ? nullptr : it->second.get();
}

FunEntry* fun_entry_find(Term module, Uint idx, uint32_t old_uniq, const uint8_t* md5) {
  Module* m = module_get(module);
  if (!m || idx >= m->funs.size()) return nullptr;
  FunEntry* fe = m->funs[idx].get();
  if (md5 && std::memcmp(fe->md5, md5, 16) != 0) return nullptr;
  if (!md5 && fe->old_uniq != old_uniq) return nullptr;
  return fe;
}

Module* module_get(Term name) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  return it == ci.modules.end() ? nullptr : it->second.current.get();
}

Module* module_get_old(Term name) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  return it == ci.modules.end() ? nullptr : it->second.old.get();
}

Module* module_get_on_load(Term name) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  return it == ci.modules.end() ? nullptr : it->second.on_load.get();
}

namespace {

// The code, function, line and string tables (literals are counted with
// the literal region).
Uint code_bytes(const Module& m) {
  return sizeof(Module) + m.code.capacity() * sizeof(Term) +
         m.functions.capacity() * sizeof(Module::FuncInfo) +
         m.lines.capacity() * sizeof(Module::LineRef) + m.strings.capacity() +
         m.line_files.capacity() * sizeof(Term) + m.exports.capacity() * sizeof(Export*) +
         m.funs.size() * sizeof(FunEntry) + m.file.capacity();
}

// A new version enters the index: its code range and memory count.
void enter(CodeIndex& ci, Module& m) {
  if (!m.code.empty()) ci.ranges[m.code.data()] = &m;
  m.mem_bytes = code_bytes(m);
  mem_add(MemKind::code, int64_t(m.mem_bytes));
}

// A version loses its code: its range goes, its fun entries have no code
// to run any more, and the object is kept for what heaps still refer to.
void retire(CodeIndex& ci, std::unique_ptr<Module> m) {
  if (!m) return;
  if (!m->code.empty()) ci.ranges.erase(m->code.data());
  for (auto& fe : m->funs) fe->address = nullptr;
  m->export_targets.clear();
  std::vector<Term>().swap(m->code);
  mem_sub(MemKind::code, int64_t(m->mem_bytes));
  m->mem_bytes = 0;
  ci.purged.push_back(std::move(m));
}

// An old version that was not purged (callers check first; this is the
// safe way out): kept whole, code included, since a process may run it.
void shelve(CodeIndex& ci, std::unique_ptr<Module> m) {
  if (m) ci.purged.push_back(std::move(m));
}

}  // namespace

Module* module_install(std::unique_ptr<Module> m) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  Versions& v = ci.modules[m->name];
  enter(ci, *m);
  if (v.current) {
    shelve(ci, std::move(v.old));
    v.old = std::move(v.current);
  }
  v.current = std::move(m);
  return v.current.get();
}

Module* module_stage_on_load(std::unique_ptr<Module> m) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  Versions& v = ci.modules[m->name];
  enter(ci, *m);
  shelve(ci, std::move(v.on_load));
  v.on_load = std::move(m);
  return v.on_load.get();
}

Module* module_finish_on_load(Term name, bool keep) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  if (it == ci.modules.end() || !it->second.on_load) return nullptr;
  Versions& v = it->second;
  if (!keep) {
    retire(ci, std::move(v.on_load));
    return nullptr;
  }
  if (v.current) {
    shelve(ci, std::move(v.old));
    v.old = std::move(v.current);
  }
  v.current = std::move(v.on_load);
  v.current->on_load_entry = nullptr;
  return v.current.get();
}

bool module_delete(Term name) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  if (it == ci.modules.end()) return false;
  Versions& v = it->second;
  if (!v.current) return true;
  shelve(ci, std::move(v.old));
  v.old = std::move(v.current);
  return true;
}

Module* module_purge(Term name, bool on_load) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.modules.find(name);
  if (it == ci.modules.end()) return nullptr;
  std::unique_ptr<Module>& slot = on_load ? it->second.on_load : it->second.old;
  Module* m = slot.get();
  retire(ci, std::move(slot));
  return m;
}

Module* module_of_address(const void* addr) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.ranges.upper_bound(addr);
  if (it == ci.ranges.begin()) return nullptr;
  --it;
  Module* m = it->second;
  return module_contains(m, addr) ? m : nullptr;
}

bool module_contains(const Module* m, const void* addr) {
  const Term* p = static_cast<const Term*>(addr);
  return !m->code.empty() && p >= m->code.data() && p < m->code.data() + m->code.size();
}

std::vector<Term> module_names() {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  std::vector<Term> v;
  for (auto& [k, vs] : ci.modules)
    if (vs.current || vs.old) v.push_back(k);
  return v;
}

Uint export_count() {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  return Uint(ci.exports.size());
}

Term this_node() { return atom::nonode_at_nohost; }
uint32_t this_creation() { return 0; }

}  // namespace girder
