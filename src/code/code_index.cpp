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

struct CodeIndex {
  std::shared_mutex lock;
  std::unordered_map<ExportKey, std::unique_ptr<Export>, ExportKeyHash> exports;
  std::unordered_map<Term, std::unique_ptr<Module>> current;
  std::vector<std::unique_ptr<Module>> old;  // kept until purge exists
  // code ranges: start address -> module
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
  auto it = ci.current.find(name);
  return it == ci.current.end() ? nullptr : it->second.get();
}

Module* module_install(std::unique_ptr<Module> m) {
  CodeIndex& ci = index();
  std::unique_lock<std::shared_mutex> g(ci.lock);
  Module* prev = nullptr;
  auto& slot = ci.current[m->name];
  if (slot) {
    prev = slot.get();
    ci.old.push_back(std::move(slot));
  }
  if (!m->code.empty()) ci.ranges[m->code.data()] = m.get();
  // the code, function, line and string tables (literals are counted
  // with the literal region)
  m->mem_bytes = sizeof(Module) + m->code.capacity() * sizeof(Term) +
                 m->functions.capacity() * sizeof(Module::FuncInfo) +
                 m->lines.capacity() * sizeof(Module::LineRef) + m->strings.capacity() +
                 m->line_files.capacity() * sizeof(Term) + m->exports.capacity() * sizeof(Export*) +
                 m->funs.size() * sizeof(FunEntry) + m->file.capacity();
  mem_add(MemKind::code, int64_t(m->mem_bytes));
  slot = std::move(m);
  return prev;
}

Module* module_of_address(const void* addr) {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  auto it = ci.ranges.upper_bound(addr);
  if (it == ci.ranges.begin()) return nullptr;
  --it;
  Module* m = it->second;
  const Term* p = static_cast<const Term*>(addr);
  if (p >= m->code.data() && p < m->code.data() + m->code.size()) return m;
  return nullptr;
}

std::vector<Term> module_names() {
  CodeIndex& ci = index();
  std::shared_lock<std::shared_mutex> g(ci.lock);
  std::vector<Term> v;
  for (auto& [k, m] : ci.current) v.push_back(k);
  return v;
}

Term this_node() { return atom::nonode_at_nohost; }
uint32_t this_creation() { return 0; }

}  // namespace girder
